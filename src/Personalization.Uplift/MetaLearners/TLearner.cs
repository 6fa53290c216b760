using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The T-learner ("two models"): one outcome model per arm, control included; the effect of arm a
/// is the difference of the arm's and the control's predictions.
/// </summary>
/// <remarks>
/// μ<sub>k</sub>(x) = E[Y | X = x, T = k] fitted on the rows of arm k; τ<sub>a</sub>(x) = μ<sub>a</sub>(x) − μ<sub>0</sub>(x).
/// Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class TLearner(TLearnerOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public TLearnerOptions Options { get; } = options ?? new TLearnerOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits one outcome model per arm.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The learner is a classifier but the outcome is not binary; or an arm (the control or a treatment) has fewer than 10 units, or a classifier meets an arm whose outcomes are all 0 or all 1.</exception>
    public TLearnerModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        IBaseLearner learner = Options.Learner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        MetaLearnerSupport.CheckOutcomeLearner(learner, data, "Learner");
        int[][] rows = MetaLearnerSupport.RowsByArm(data);
        var models = new IBaseModel[data.ArmCount + 1];
        for (int k = 0; k <= data.ArmCount; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            models[k] = learner.Fit(data.Features.SelectRows(rows[k]), MetaLearnerSupport.Gather(data.Outcome, rows[k]), cancellationToken);
        }

        return new TLearnerModel(Options with { Learner = learner }, data.Features.ColumnCount, data.ArmNames, models);
    }
}
