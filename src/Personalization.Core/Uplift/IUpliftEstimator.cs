namespace Personalization;

/// <summary>An uplift (CATE) estimator such as an S-, T-, X- or DR-learner.</summary>
public interface IUpliftEstimator : IEstimator<UpliftData, IUpliftModel>
{
}

/// <summary>A fitted uplift model: per-unit conditional average treatment effects, one per treatment arm.</summary>
public interface IUpliftModel : IFittedModel
{
    /// <summary>Gets the number of treatment arms (not counting control).</summary>
    int ArmCount { get; }

    /// <summary>Gets the number of features the model was fitted on.</summary>
    int FeatureCount { get; }

    /// <summary>Predicts the effect of each arm versus control for every row.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="effects">Receives <c>RowCount x ArmCount</c> values, row-major: effect of arm a+1 for row r at <c>r * ArmCount + a</c>.</param>
    /// <exception cref="ArgumentException">The column count differs, the destination is too short, or the data is not finite.</exception>
    void PredictEffects(FeatureMatrix<double> features, Span<double> effects);
}
