namespace Personalization;

/// <summary>A progress report from a long-running fit, delivered through <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">What the estimator is doing, for example <c>"Lloyd"</c> or <c>"k-means++"</c>.</param>
/// <param name="Step">The step within the stage (iteration, restart, tree), starting at 1.</param>
/// <param name="TotalSteps">The most steps the stage can take, or 0 when unknown.</param>
/// <param name="Metric">A stage-specific figure such as the current inertia or loss, or NaN when there is none.</param>
public sealed record FitProgress(string Stage, int Step, int TotalSteps, double Metric)
{
    /// <summary>Gets the completed fraction in [0, 1], or NaN when <see cref="TotalSteps"/> is unknown.</summary>
    public double Fraction => TotalSteps > 0 ? Math.Clamp((double)Step / TotalSteps, 0, 1) : double.NaN;
}
