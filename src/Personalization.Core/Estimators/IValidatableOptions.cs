namespace Personalization;

/// <summary>
/// Hyperparameters that can be checked without data. <see cref="Validate"/> is the one place the rules live:
/// the estimator's <c>Fit</c> calls it, and so does the dependency-injection validator at host start-up
/// (<c>ValidateOnStart</c>), so a bad option fails before the first request with the same message.
/// </summary>
/// <remarks>Implementations are immutable option records; <see cref="Validate"/> does no work beyond the checks and is thread-safe.</remarks>
public interface IValidatableOptions
{
    /// <summary>Checks every hyperparameter that does not depend on the data.</summary>
    /// <exception cref="ArgumentException">An option is invalid; <see cref="ArgumentException.ParamName"/> and the message name it (subtypes such as <see cref="ArgumentOutOfRangeException"/> and <see cref="ArgumentNullException"/> are used as usual).</exception>
    void Validate();
}
