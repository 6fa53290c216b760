using Personalization.Clustering;
using Personalization.Features;
using Personalization.Monitoring;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Conformance.Tests.Conventions;

/// <summary>
/// One exception type per condition across the estimators (docs/architecture.md, "Errors"): every case throws
/// exactly the type of its condition, not a base or a sibling type.
/// </summary>
public sealed class ErrorContractTests
{
    private static readonly Dictionary<string, (Type Expected, Action Act)> s_cases = Cases();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in s_cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Condition_ThrowsItsOneExceptionType(string name)
    {
        (Type expected, Action act) = s_cases[name];
        Exception ex = Assert.ThrowsAny<Exception>(act);
        Assert.True(ex.GetType() == expected, $"{name}: expected {expected.Name}, got {ex.GetType().Name}: {ex.Message}");
        if (ex is ArgumentException argument)
        {
            Assert.False(string.IsNullOrEmpty(argument.ParamName), $"{name}: ParamName is not set ({ex.Message}).");
        }
    }

    private static FeatureMatrix<double> Rows(int n, int d = 2, bool finite = true)
    {
        var x = new double[n * d];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (i * 7 % 11) + (0.1 * i);
        }

        if (!finite)
        {
            x[1] = double.PositiveInfinity; // infinite, not NaN: the cleaning steps read NaN as missing
        }

        return FeatureMatrix<double>.FromOwnedArray(x, n, d);
    }

    private static UpliftData Experiment()
    {
        FeatureMatrix<double> x = Rows(80);
        var t = new int[80];
        var y = new double[80];
        for (int i = 0; i < 80; i++)
        {
            t[i] = i % 2;
            y[i] = (i / 2) % 3 == 0 ? 1 : 0;
        }

        return new UpliftData(x, t, y);
    }

    private static Dictionary<string, (Type, Action)> Cases()
    {
        Type outOfRange = typeof(ArgumentOutOfRangeException), invalid = typeof(ArgumentException), isNull = typeof(ArgumentNullException);
        FeatureMatrix<double> five = Rows(5), notFinite = Rows(5, finite: false), threeColumns = Rows(5, 3);
        double[] target = [1, 2, 3, 4, 5];
        return new Dictionary<string, (Type, Action)>(StringComparer.Ordinal)
        {
            // An option outside its documented range (data-independent): ArgumentOutOfRangeException naming the option.
            ["option out of range: KMeans ClusterCount 0"] = (outOfRange, () => new KMeans(new KMeansOptions { ClusterCount = 0 }).Fit(five)),
            ["option out of range: MiniBatchKMeans ClusterCount 0"] = (outOfRange, () => new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 0 }).Fit(five)),
            ["option out of range: Hierarchical ClusterCount 0"] = (outOfRange, () => new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 0 }).Fit(five)),
            ["option out of range: GradientBoosting TreeCount 0"] = (outOfRange, () => new GradientBoosting(new GradientBoostingOptions { TreeCount = 0 }).Fit(five, target)),
            ["option out of range: RandomForest TreeCount 0"] = (outOfRange, () => new RandomForest(new RandomForestOptions { TreeCount = 0 }).Fit(five, target)),
            ["option out of range: RidgeRegression Alpha -1"] = (outOfRange, () => new RidgeRegression(new RidgeRegressionOptions { Alpha = -1 }).Fit(five, target)),
            ["option out of range: LogisticRegression Alpha -1"] = (outOfRange, () => new LogisticRegression(new LogisticRegressionOptions { Alpha = -1 }).Fit(five, [0, 1, 0, 1, 0])),
            ["option out of range: UpliftRandomForest TreeCount 0"] = (outOfRange, () => new UpliftRandomForest(new UpliftRandomForestOptions { TreeCount = 0 }).Fit(Experiment())),
            ["option out of range: CausalForest TreeCount 0"] = (outOfRange, () => new CausalForest(new CausalForestOptions { TreeCount = 0 }).Fit(Experiment())),
            ["option out of range: DRLearner FoldCount 1"] = (outOfRange, () => new DRLearner(new DRLearnerOptions { FoldCount = 1 }).Fit(Experiment())),
            ["option out of range: Winsorizer LowerQuantile -0.1"] = (outOfRange, () => new Winsorizer(new WinsorizerOptions { LowerQuantile = -0.1 }).Fit(five)),
            ["option out of range: PsiBinning BinCount 0"] = (outOfRange, () => new PsiBinning(new PsiBinningOptions { BinCount = 0 }).Fit(five)),

            // An option the data cannot satisfy (k > n): ArgumentException naming the data.
            ["k > rows: KMeans"] = (invalid, () => new KMeans(new KMeansOptions { ClusterCount = 6 }).Fit(five)),
            ["k > rows: MiniBatchKMeans"] = (invalid, () => new MiniBatchKMeans(new MiniBatchKMeansOptions { ClusterCount = 6 }).Fit(five)),
            ["k > rows: Hierarchical"] = (invalid, () => new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 6 }).Fit(five)),

            // Null data: ArgumentNullException.
            ["null data: KMeans"] = (isNull, () => new KMeans(2).Fit((FeatureMatrix<double>)null!)),
            ["null data: Hierarchical"] = (isNull, () => new HierarchicalClustering<double>().Fit(null!)),
            ["null data: GradientBoosting"] = (isNull, () => new GradientBoosting().Fit(null!, target)),
            ["null data: TLearner"] = (isNull, () => new TLearner().Fit(null!)),
            ["null data: CausalForest"] = (isNull, () => new CausalForest().Fit(null!)),
            ["null data: StandardScaler"] = (isNull, () => new StandardScaler().Fit(null!)),
            ["null data: Winsorizer"] = (isNull, () => new Winsorizer().Fit(null!)),
            ["null data: PsiBinning"] = (isNull, () => new PsiBinning().Fit(null!)),

            // Data that is not finite: ArgumentException naming the data.
            ["not finite: KMeans"] = (invalid, () => new KMeans(2).Fit(notFinite)),
            ["not finite: Hierarchical"] = (invalid, () => new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 2 }).Fit(notFinite)),
            ["not finite: GradientBoosting"] = (invalid, () => new GradientBoosting().Fit(notFinite, target)),
            ["not finite: StandardScaler"] = (invalid, () => new StandardScaler().Fit(notFinite)),
            ["not finite: Winsorizer"] = (invalid, () => new Winsorizer().Fit(notFinite)),
            ["not finite: PsiBinning"] = (invalid, () => new PsiBinning().Fit(notFinite)),

            // Lengths that differ (target vs rows): ArgumentException.
            ["lengths differ: RidgeRegression"] = (invalid, () => new RidgeRegression().Fit(five, target[..3])),
            ["lengths differ: RandomForest"] = (invalid, () => new RandomForest().Fit(five, target[..3])),

            // Scoring rows with another column count: ArgumentException.
            ["columns differ: KMeansModel.Predict"] = (invalid, () => new KMeans(2).Fit(five).Predict(threeColumns, new int[5])),
            ["columns differ: HierarchicalModel.Predict"] = (invalid, () => new HierarchicalClustering<double>(new HierarchicalOptions { ClusterCount = 2 }).Fit(five).Predict(threeColumns, new int[5])),
            ["columns differ: RidgeRegressionModel.Predict"] = (invalid, () => new RidgeRegression().Fit(five, target).Predict(threeColumns, new double[5])),
            ["columns differ: ScalerModel.Transform"] = (invalid, () => new StandardScaler().Fit(five).Transform(threeColumns)),
            ["columns differ: TLearnerModel.PredictEffects"] = (invalid, () => new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(Experiment()).PredictEffects(threeColumns, new double[5])),
        };
    }
}
