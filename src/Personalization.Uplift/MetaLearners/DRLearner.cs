using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The doubly robust DR-learner (Kennedy, 2020) with cross-fitting: nuisance models fitted on the
/// other folds give each unit an AIPW pseudo-outcome, which a final regressor smooths into the CATE.
/// </summary>
/// <remarks>
/// For each arm a on the units of control and arm a, with t = 1{T = a} and out-of-fold μ<sub>0</sub>, μ<sub>a</sub>, e:
/// φ = μ<sub>a</sub>(x) − μ<sub>0</sub>(x) + t(y − μ<sub>a</sub>(x))/e(x) − (1 − t)(y − μ<sub>0</sub>(x))/(1 − e(x));
/// τ<sub>a</sub> regresses φ on x. Folds are a seeded random split. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class DRLearner(DRLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public DRLearnerOptions Options { get; } = options ?? new DRLearnerOptions();

    /// <inheritdoc />
    public IUpliftModel Fit(UpliftData input, CancellationToken cancellationToken = default) => FitModel(input, cancellationToken);

    /// <summary>Fits the cross-fitted nuisance models and the final effect model of every arm.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The outcome learner is a classifier but the outcome is not binary, the effect learner is a classifier, the propensity learner is a regressor, or a fold lacks control or arm units; or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option or <see cref="DRLearnerOptions.FoldCount"/> is out of range.</exception>
    public DRLearnerModel FitModel(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        DRLearnerOptions o = Options;
        MetaLearnerSupport.CheckPropensity(o.Propensity, o.KnownPropensity, o.PropensityClip);
        Validation.Guard.InRange(o.FoldCount, 2, 20, "FoldCount");
        IBaseLearner outcome = o.OutcomeLearner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        IBaseLearner effect = o.EffectLearner ?? MetaLearnerSupport.DefaultEffectLearner();
        IBaseLearner propensity = o.PropensityLearner ?? MetaLearnerSupport.DefaultPropensityLearner();
        MetaLearnerSupport.CheckOutcomeLearner(outcome, data, "OutcomeLearner");
        MetaLearnerSupport.CheckRegressor(effect, "EffectLearner");
        MetaLearnerSupport.CheckClassifier(propensity, "PropensityLearner");

        int m = data.ArmCount;
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        var models = new IBaseModel[m];
        for (int a = 1; a <= m; a++)
        {
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            var fold = new int[pair.Length];
            int[] shuffled = new int[pair.Length];
            for (int i = 0; i < shuffled.Length; i++)
            {
                shuffled[i] = i;
            }

            new Random(o.Seed + (7919 * a)).Shuffle(shuffled);
            for (int i = 0; i < shuffled.Length; i++)
            {
                fold[shuffled[i]] = i % o.FoldCount;
            }

            var pseudo = new double[pair.Length];
            for (int k = 0; k < o.FoldCount; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var trainControl = new List<int>();
                var trainArm = new List<int>();
                var trainAll = new List<int>();
                var held = new List<int>();
                for (int i = 0; i < pair.Length; i++)
                {
                    if (fold[i] == k)
                    {
                        held.Add(i);
                    }
                    else
                    {
                        trainAll.Add(pair[i]);
                        (t[pair[i]] == 0 ? trainControl : trainArm).Add(pair[i]);
                    }
                }

                if (trainControl.Count == 0 || trainArm.Count == 0)
                {
                    throw new ArgumentException($"Cross-fitting fold {k} leaves no {(trainControl.Count == 0 ? "control" : "arm " + a)} units to train on; use fewer folds or more data.", nameof(data));
                }

                int[] heldRows = new int[held.Count];
                for (int i = 0; i < heldRows.Length; i++)
                {
                    heldRows[i] = pair[held[i]];
                }

                FeatureMatrix<double> xHeld = data.Features.SelectRows(heldRows);
                IBaseModel mu0 = outcome.Fit(data.Features.SelectRows([.. trainControl]), MetaLearnerSupport.Gather(y, [.. trainControl]), cancellationToken);
                IBaseModel muA = outcome.Fit(data.Features.SelectRows([.. trainArm]), MetaLearnerSupport.Gather(y, [.. trainArm]), cancellationToken);
                int[] trainRows = [.. trainAll];
                FeatureMatrix<double> xTrain = o.Propensity == PropensityMode.Estimated ? data.Features.SelectRows(trainRows) : xHeld;
                IBaseModel? eModel = MetaLearnerSupport.FitPropensity(data, a, trainRows, xTrain, o.Propensity, o.KnownPropensity, propensity, out double constant, cancellationToken);
                double[] p0 = MetaLearnerSupport.Predict(mu0, xHeld);
                double[] pA = MetaLearnerSupport.Predict(muA, xHeld);
                double[] e = MetaLearnerSupport.Propensity(eModel, constant, o.PropensityClip, xHeld);
                for (int i = 0; i < heldRows.Length; i++)
                {
                    int r = heldRows[i];
                    double phi = pA[i] - p0[i];
                    phi += t[r] == a ? (y[r] - pA[i]) / e[i] : -(y[r] - p0[i]) / (1 - e[i]);
                    pseudo[held[i]] = phi;
                }
            }

            models[a - 1] = effect.Fit(data.Features.SelectRows(pair), pseudo, cancellationToken);
        }

        return new DRLearnerModel(data.Features.ColumnCount, data.ArmNames, models);
    }
}
