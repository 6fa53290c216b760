using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The R-learner (Nie &amp; Wager, 2021): Robinson's residual-on-residual decomposition with
/// cross-fitted nuisance models, then a weighted regression of the residual ratio.
/// </summary>
/// <remarks>
/// For each arm a on the units of control and arm a, with t = 1{T = a}, the outcome model
/// m(x) = E[Y | x] (both groups pooled) and the propensity e(x) = P(T = a | x, T ∈ {0, a}):
/// τ<sub>a</sub> minimizes Σ [(y − m(x)) − (t − e(x))·τ(x)]², which is the weighted regression of
/// the pseudo-outcome (y − m(x))/(t − e(x)) with weights (t − e(x))². Works for binary outcomes
/// (m is then a classifier's probability) and continuous ones, and for several arms (one
/// residualisation per arm against control).
/// <para>
/// Cross-fitting (Chernozhukov et al., 2018, "Double/debiased machine learning"; Nie &amp; Wager,
/// 2021, "Quasi-oracle estimation of heterogeneous treatment effects", Biometrika 108(2)): the rows
/// are dealt into <see cref="CrossFittedLearnerOptions.FoldCount"/> seeded folds stratified by arm and m(x), e(x)
/// of a row in fold k come from models fitted on the other folds. Without it
/// (<see cref="CrossFittedLearnerOptions.CrossFitting"/> = <see langword="false"/>) m has seen y, the residual
/// y − m(x) shrinks towards 0 and so does the effect.
/// </para>
/// Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class RLearner(RLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public RLearnerOptions Options { get; } = options ?? new RLearnerOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the cross-fitted nuisance models and the final weighted effect model of every arm.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The outcome learner is a classifier but the outcome is not binary, the effect learner is a classifier, the propensity learner is a regressor, or an arm has fewer rows than folds (the message names the arm and its row count); or an arm has fewer than 10 units, or a classifier outcome learner meets rows of one outcome class only (with cross-fitting: in the training rows of some fold).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option or <see cref="CrossFittedLearnerOptions.FoldCount"/> is out of range.</exception>
    public RLearnerModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        RLearnerOptions o = Options;
        o.Validate();
        (IBaseLearner outcome, IWeightedBaseLearner effect, IBaseLearner propensity) = MetaLearnerSupport.ResolveLearners<IWeightedBaseLearner>(data, o.OutcomeLearner, o.EffectLearner, () => new GradientBoosting(), o.PropensityLearner);

        int m = data.ArmCount;
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        int[]? fold = o.CrossFitting ? CrossFitting.Folds(data, o.FoldCount, o.Seed) : null;
        var models = new IBaseModel[m];
        var poorOverlap = new double[m];
        for (int a = 1; a <= m; a++)
        {
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            if (fold is not null && outcome.IsClassifier)
            {
                CrossFitting.CheckClassesOutsideFolds(y, pair, fold, o.FoldCount, $"Control with arm {a} ('{data.ArmNames[a]}')");
            }

            double[] mHat = CrossFitting.Predict(outcome, data.Features, y, pair, pair, fold, o.FoldCount, cancellationToken);
            double[] e = CrossFitting.Propensity(data, a, pair, o.Propensity, o.KnownPropensity, o.PropensityClip, propensity, fold, o.FoldCount, out poorOverlap[a - 1], cancellationToken);
            var pseudo = new double[pair.Length];
            var weight = new double[pair.Length];
            Residualize(t, y, a, pair, mHat, e, pseudo, weight);
            cancellationToken.ThrowIfCancellationRequested();
            models[a - 1] = effect.Fit(data.Features.SelectRows(pair), pseudo, weight, cancellationToken);
        }

        return new RLearnerModel(o, data.Features.ColumnCount, data.ArmNames, models, poorOverlap);
    }

    /// <summary>Pseudo-outcome (y − m)/(t − e) and weight (t − e)² of every row of the pair.</summary>
    internal static void Residualize(ReadOnlySpan<int> treatment, ReadOnlySpan<double> outcome, int arm, int[] pair, double[] mHat, double[] e, double[] pseudo, double[] weight)
    {
        for (int i = 0; i < pair.Length; i++)
        {
            int r = pair[i];
            double tResidual = (treatment[r] == arm ? 1 : 0) - e[i];
            pseudo[i] = (outcome[r] - mHat[i]) / tResidual;
            weight[i] = tResidual * tResidual;
        }
    }
}
