using BenchmarkDotNet.Attributes;
using Personalization.TestData;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Benchmarks;

/// <summary>
/// Fit + predict of uplift meta-learners on the full Hillstrom data (64,000 rows, 12 features,
/// three arms: No E-Mail, Mens, Womens; target visit). Baseline: T-learner with ridge regression.
/// </summary>
[MemoryDiagnoser]
public class UpliftBenchmarks
{
    private UpliftData _data = null!;
    private double[] _effects = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = Hillstrom.Uplift(threeArms: true);
        _effects = new double[_data.Count * _data.ArmCount];
    }

    [Benchmark(Baseline = true, Description = "T-learner, ridge (linear baseline)")]
    public double TLearnerRidge() => FitPredict(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }));

    [Benchmark(Description = "T-learner, logistic regression")]
    public double TLearnerLogistic() => FitPredict(new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }));

    [Benchmark(Description = "T-learner, gradient boosting")]
    public double TLearnerBoosting() => FitPredict(new TLearner());

    [Benchmark(Description = "X-learner, gradient boosting")]
    public double XLearnerBoosting() => FitPredict(new XLearner());

    private double FitPredict(IUpliftEstimator estimator)
    {
        IUpliftModel model = estimator.Fit(_data);
        model.PredictEffects(_data.Features, _effects);
        return _effects[0];
    }
}
