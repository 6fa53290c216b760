using Microsoft.Extensions.Options;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>Builds the estimator once from the options so that constructor checks fail at start-up.</summary>
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
            _ = create(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"Estimator '{estimatorName}' ({typeof(TService).Name}) rejects its {typeof(TOptions).Name}: {ex.Message}");
        }
    }
}
