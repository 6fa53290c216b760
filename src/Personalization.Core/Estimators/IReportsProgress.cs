namespace Personalization;

/// <summary>
/// Implemented by estimators whose fits can take long. The progress sink is passed to the
/// estimator's constructor, never stored in the options (options hold hyperparameters only).
/// </summary>
public interface IReportsProgress
{
    /// <summary>Gets the sink that receives <see cref="FitProgress"/> reports, or <see langword="null"/>.</summary>
    IProgress<FitProgress>? Progress { get; }
}
