namespace Personalization.Uplift;

/// <summary>The average effect of one arm against control with its standard error and confidence interval.</summary>
/// <param name="Arm">The treatment arm (1-based).</param>
/// <param name="ArmName">The arm's name.</param>
/// <param name="Effect">The estimated average effect E[Y(a) − Y(0)] over the rows of control and the arm.</param>
/// <param name="StandardError">The standard error of <paramref name="Effect"/>: the standard deviation of the per-row scores over √n.</param>
/// <param name="Lower">The lower end of the two-sided interval, Effect − z·StandardError.</param>
/// <param name="Upper">The upper end of the two-sided interval, Effect + z·StandardError.</param>
/// <param name="ConfidenceLevel">The nominal coverage of the interval.</param>
/// <param name="RowCount">The number of rows (control and the arm) the estimate averages over.</param>
public sealed record AverageEffectEstimate(int Arm, string ArmName, double Effect, double StandardError, double Lower, double Upper, double ConfidenceLevel, int RowCount)
{
    /// <summary>
    /// Gets the overlap diagnostic: the share of the rows whose propensity (estimated, before clipping, or the constant)
    /// lies outside [0.05, 0.95].
    /// </summary>
    /// <value>In [0, 1]; 0 when not set. Above a few percent the inverse-propensity terms are large and the interval leans on extrapolation.</value>
    public double PoorOverlapShare { get; init; }
}
