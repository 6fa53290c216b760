using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The X-learner (Künzel et al., 2019): imputes each unit's effect from the other group's outcome
/// model, regresses the imputed effects in each group, and blends the two effect models with the
/// propensity.
/// </summary>
/// <remarks>
/// For each arm a, with μ<sub>0</sub>, μ<sub>a</sub> the outcome models of control and arm a:
/// D¹ = Y − μ<sub>0</sub>(X) on arm-a units, D⁰ = μ<sub>a</sub>(X) − Y on control units;
/// τ¹<sub>a</sub> and τ⁰<sub>a</sub> regress D¹ and D⁰ on X; τ<sub>a</sub>(x) = e<sub>a</sub>(x)·τ⁰<sub>a</sub>(x) + (1 − e<sub>a</sub>(x))·τ¹<sub>a</sub>(x),
/// where e<sub>a</sub>(x) = P(T = a | x, T ∈ {0, a}). Stateless and thread-safe.
/// <para>
/// Cross-fitting (Chernozhukov et al., 2018; Nie &amp; Wager, 2021): with <see cref="CrossFittedLearnerOptions.CrossFitting"/>
/// the rows are dealt into <see cref="CrossFittedLearnerOptions.FoldCount"/> seeded folds stratified by arm, and the
/// imputed effect of a row in fold k uses the other group's outcome model fitted on the other folds
/// only. The outcome models never see the row they impute in either mode (μ<sub>0</sub> learns from control
/// rows and imputes arm rows); cross-fitting additionally keeps every imputation independent of its
/// fold's data, at K times the first-stage cost, so it is off by default. The propensity only weighs the two effect models at
/// prediction time and is fitted once on all rows.
/// </para>
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class XLearner(XLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public XLearnerOptions Options { get; } = options ?? new XLearnerOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the outcome, effect and (optionally) propensity models.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The outcome learner is a classifier but the outcome is not binary, the effect learner is a classifier, the propensity learner is a regressor, or an arm has fewer rows than folds (the message names the arm and its row count); or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1 (with cross-fitting: in the training rows of some fold).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option or <see cref="CrossFittedLearnerOptions.FoldCount"/> is out of range.</exception>
    public XLearnerModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        XLearnerOptions o = Options;
        o.Validate();
        (IBaseLearner outcome, IBaseLearner effect, IBaseLearner propensity) = MetaLearnerSupport.ResolveLearners<IBaseLearner>(data, o.OutcomeLearner, o.EffectLearner, MetaLearnerSupport.DefaultEffectLearner, o.PropensityLearner);

        int m = data.ArmCount;
        int[][] rows = MetaLearnerSupport.RowsByArm(data);
        var x = new FeatureMatrix<double>[m + 1];
        for (int k = 0; k <= m; k++)
        {
            x[k] = data.Features.SelectRows(rows[k]);
        }

        int[]? fold = o.CrossFitting ? CrossFitting.Folds(data, o.FoldCount, o.Seed) : null;
        CrossFitting.CheckOutcomeClasses(outcome, data, rows, fold, o.FoldCount);
        var mu = new IBaseModel[m + 1];
        if (fold is null)
        {
            for (int k = 0; k <= m; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                mu[k] = outcome.Fit(x[k], MetaLearnerSupport.Gather(data.Outcome, rows[k]), cancellationToken);
            }
        }

        double[] y0 = MetaLearnerSupport.Gather(data.Outcome, rows[0]);
        var tau0 = new IBaseModel[m];
        var tau1 = new IBaseModel[m];
        var eModels = new IBaseModel?[m];
        var eConstants = new double[m];
        var poorOverlap = new double[m];
        for (int a = 1; a <= m; a++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double[] ya = MetaLearnerSupport.Gather(data.Outcome, rows[a]);
            double[] mu0OnArms = fold is null ? MetaLearnerSupport.Predict(mu[0], x[a]) : CrossFitting.Predict(outcome, data.Features, data.Outcome, rows[0], rows[a], fold, o.FoldCount, cancellationToken);
            var d1 = new double[ya.Length];
            for (int i = 0; i < d1.Length; i++)
            {
                d1[i] = ya[i] - mu0OnArms[i];
            }

            double[] muAOnControl = fold is null ? MetaLearnerSupport.Predict(mu[a], x[0]) : CrossFitting.Predict(outcome, data.Features, data.Outcome, rows[a], rows[0], fold, o.FoldCount, cancellationToken);
            var d0 = new double[y0.Length];
            for (int i = 0; i < d0.Length; i++)
            {
                d0[i] = muAOnControl[i] - y0[i];
            }

            tau1[a - 1] = effect.Fit(x[a], d1, cancellationToken);
            tau0[a - 1] = effect.Fit(x[0], d0, cancellationToken);
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            FeatureMatrix<double> xPair = o.Propensity == PropensityMode.Estimated ? data.Features.SelectRows(pair) : x[0];
            eModels[a - 1] = MetaLearnerSupport.FitPropensity(data, a, pair, xPair, o.Propensity, o.KnownPropensity, propensity, out eConstants[a - 1], cancellationToken);
            poorOverlap[a - 1] = eModels[a - 1] is IBaseModel eModel
                ? MetaLearnerSupport.PoorOverlapShare(MetaLearnerSupport.Predict(eModel, xPair))
                : MetaLearnerSupport.PoorOverlapShare([eConstants[a - 1]]);
        }

        return new XLearnerModel(o, data.Features.ColumnCount, data.ArmNames, tau0, tau1, eModels, eConstants, o.PropensityClip, poorOverlap);
    }
}
