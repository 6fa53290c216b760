using Microsoft.Extensions.Options;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>Loads each registered model when its marker options are validated (at start-up with <c>ValidateOnStart</c>).</summary>
internal sealed class ModelFileValidator(ModelRegistry registry) : IValidateOptions<ModelFileOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelFileOptions options)
    {
        if (name is null || !registry.IsRegistered(name))
        {
            return ValidateOptionsResult.Skip;
        }

        try
        {
            registry.EnsureLoaded(name);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidDataException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
