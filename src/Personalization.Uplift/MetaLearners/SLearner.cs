using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The S-learner ("single model"): one outcome model over the features and the arm (one-hot); the
/// effect of arm a is the prediction with the arm switched on minus the prediction as control.
/// </summary>
/// <remarks>
/// μ(x, k) = E[Y | X = x, T = k] fitted on [x, 1{T = 1}, …, 1{T = m}]; τ<sub>a</sub>(x) = μ(x, a) − μ(x, 0).
/// Tree learners may never split on the arm columns, giving zero effects: the S-learner is biased
/// towards no effect. Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class SLearner(SLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public SLearnerOptions Options { get; } = options ?? new SLearnerOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the single outcome model.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The learner is a classifier but the outcome is not binary; or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1.</exception>
    public SLearnerModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        IBaseLearner learner = Options.Learner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        MetaLearnerSupport.CheckOutcomeLearner(learner, data, "Learner");
        FeatureMatrix<double> augmented = SLearnerModel.Augment(data.Features, data.Treatment, data.ArmCount);
        IBaseModel model = learner.Fit(augmented, data.Outcome, cancellationToken);
        return new SLearnerModel(Options with { Learner = learner }, data.Features.ColumnCount, data.ArmNames, model);
    }
}
