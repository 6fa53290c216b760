namespace Personalization.Features;

/// <summary>Options of <see cref="Log1pTransform"/>.</summary>
public sealed record Log1pTransformOptions
{
    /// <summary>Gets the columns to transform, or <see langword="null"/> for all columns.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Gets a value indicating whether the signed form <c>sign(x) log(1 + |x|)</c> is used, which accepts negative values such as net refunds.</summary>
    /// <value>Default <see langword="false"/>: <c>log(1 + x)</c>, which requires x &gt; -1.</value>
    public bool Signed { get; init; }
}
