using System.Collections.Immutable;

namespace Personalization.Experiments;

/// <summary>Adjusted p-values and rejection decisions for a family of tests.</summary>
/// <param name="Correction">The correction applied.</param>
/// <param name="Alpha">The family-wise error rate (or false discovery rate for Benjamini-Hochberg).</param>
/// <param name="Adjusted">Adjusted p-values, in the input order, capped at 1.</param>
/// <param name="Rejected">Whether each null hypothesis is rejected: adjusted p &lt;= alpha.</param>
/// <remarks>
/// Immutable and thread-safe. Equality is by value: two results are equal when their correction, alpha and every
/// adjusted p-value and decision are equal (element by element, as <see cref="double.Equals(double)"/>).
/// </remarks>
public sealed record AdjustedPValues(MultipleTestingCorrection Correction, double Alpha, ImmutableArray<double> Adjusted, ImmutableArray<bool> Rejected)
{
    /// <summary>Returns whether <paramref name="other"/> holds the same correction, alpha, adjusted p-values and decisions.</summary>
    /// <param name="other">The result to compare with.</param>
    /// <returns><see langword="true"/> when every value is equal.</returns>
    public bool Equals(AdjustedPValues? other) =>
        other is not null
        && Correction == other.Correction
        && Alpha.Equals(other.Alpha)
        && Adjusted.AsSpan().SequenceEqual(other.Adjusted.AsSpan())
        && Rejected.AsSpan().SequenceEqual(other.Rejected.AsSpan());

    /// <summary>Returns a hash code consistent with <see cref="Equals(AdjustedPValues)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Correction, Alpha, Adjusted.Length, Adjusted.IsEmpty ? 0 : Adjusted[0]);
}
