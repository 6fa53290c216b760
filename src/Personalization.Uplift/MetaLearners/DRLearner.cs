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
/// τ<sub>a</sub> regresses φ on x. Stateless and thread-safe.
/// <para>
/// Cross-fitting (Chernozhukov et al., 2018, "Double/debiased machine learning for treatment and
/// structural parameters"; Kennedy, 2020): the rows are dealt into <see cref="CrossFittedLearnerOptions.FoldCount"/>
/// seeded folds stratified by arm, and μ<sub>0</sub>(x), μ<sub>a</sub>(x) and e(x) of a row in fold k come from models
/// fitted on the other folds, so no row's pseudo-outcome uses a nuisance model that saw its outcome.
/// <see cref="CrossFittedLearnerOptions.CrossFitting"/> = <see langword="false"/> fits each nuisance model once on
/// all rows and uses it in-sample (faster, but overfitted nuisances bias φ).
/// </para>
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class DRLearner(DRLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public DRLearnerOptions Options { get; } = options ?? new DRLearnerOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the cross-fitted nuisance models and the final effect model of every arm.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The outcome learner is a classifier but the outcome is not binary, the effect learner is a classifier, the propensity learner is a regressor, or an arm has fewer rows than folds (the message names the arm and its row count); or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1 (with cross-fitting: in the training rows of some fold).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option or <see cref="CrossFittedLearnerOptions.FoldCount"/> is out of range.</exception>
    public DRLearnerModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        DRLearnerOptions o = Options;
        o.Validate();
        (IBaseLearner outcome, IBaseLearner effect, IBaseLearner propensity) = MetaLearnerSupport.ResolveLearners<IBaseLearner>(data, o.OutcomeLearner, o.EffectLearner, MetaLearnerSupport.DefaultEffectLearner, o.PropensityLearner);

        int m = data.ArmCount;
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        int[]? fold = o.CrossFitting ? Internal.CrossFitting.Folds(data, o.FoldCount, o.Seed) : null;
        int[][] byArm = MetaLearnerSupport.RowsByArm(data);
        Internal.CrossFitting.CheckOutcomeClasses(outcome, data, byArm, fold, o.FoldCount);
        var models = new IBaseModel[m];
        var poorOverlap = new double[m];
        for (int a = 1; a <= m; a++)
        {
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            double[] p0 = Internal.CrossFitting.Predict(outcome, data.Features, y, byArm[0], pair, fold, o.FoldCount, cancellationToken);
            double[] pA = Internal.CrossFitting.Predict(outcome, data.Features, y, byArm[a], pair, fold, o.FoldCount, cancellationToken);
            double[] e = Internal.CrossFitting.Propensity(data, a, pair, o.Propensity, o.KnownPropensity, o.PropensityClip, propensity, fold, o.FoldCount, out poorOverlap[a - 1], cancellationToken);
            var pseudo = new double[pair.Length];
            for (int i = 0; i < pair.Length; i++)
            {
                int r = pair[i];
                double phi = pA[i] - p0[i];
                phi += t[r] == a ? (y[r] - pA[i]) / e[i] : -(y[r] - p0[i]) / (1 - e[i]);
                pseudo[i] = phi;
            }

            models[a - 1] = effect.Fit(data.Features.SelectRows(pair), pseudo, cancellationToken);
        }

        return new DRLearnerModel(o, data.Features.ColumnCount, data.ArmNames, models, poorOverlap);
    }
}
