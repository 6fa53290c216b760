using Microsoft.Extensions.Options;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>
/// An options factory for immutable option records: starts from the defaults, applies the
/// registered <c>with</c> transforms for the name, then the standard configure, post-configure
/// and validation steps of <see cref="OptionsFactory{TOptions}"/>.
/// </summary>
internal sealed class RecordOptionsFactory<TOptions> : OptionsFactory<TOptions>
    where TOptions : class, new()
{
    private readonly OptionsTransform<TOptions>[] _transforms;

    public RecordOptionsFactory(
        IEnumerable<IConfigureOptions<TOptions>> setups,
        IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
        IEnumerable<IValidateOptions<TOptions>> validations,
        IEnumerable<OptionsTransform<TOptions>> transforms)
        : base(setups, postConfigures, validations)
    {
        _transforms = transforms.ToArray();
    }

    protected override TOptions CreateInstance(string name)
    {
        TOptions options = new();
        foreach (OptionsTransform<TOptions> transform in _transforms)
        {
            if (string.Equals(transform.Name, name, StringComparison.Ordinal))
            {
                options = transform.Apply(options) ?? throw new InvalidOperationException($"The configure function of '{name}' returned null; return the options, for example o => o with {{ ... }}.");
            }
        }

        return options;
    }
}
