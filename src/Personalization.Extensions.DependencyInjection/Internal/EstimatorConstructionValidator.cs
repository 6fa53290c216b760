using Microsoft.Extensions.Options;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>
/// Checks an estimator's final options at start-up with the rules its <c>Fit</c> uses: first
/// <see cref="IValidatableOptions.Validate"/> when the options implement it (the library's option records do),
/// then builds the estimator once so that constructor checks fail at start-up too.
/// </summary>
internal sealed class EstimatorConstructionValidator<TOptions, TService>(string estimatorName, Func<TOptions, TService> create) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!string.Equals(name, estimatorName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            (options as IValidatableOptions)?.Validate();
            _ = create(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Estimator '{estimatorName}' ({typeof(TService).Name}) rejects its {typeof(TOptions).Name}: {ex.Message}");
        }
    }
}
