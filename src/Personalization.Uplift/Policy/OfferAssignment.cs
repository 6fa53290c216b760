using System.Collections.Immutable;

namespace Personalization.Uplift;

/// <summary>The arm assigned to each customer by <see cref="OfferPolicy"/>, with its expected incremental value and cost.</summary>
/// <remarks>
/// Immutable and thread-safe. Equality is by value: two assignments are equal when every arm, expected value and
/// expected cost is equal (element by element, as <see cref="double.Equals(double)"/>).
/// </remarks>
/// <param name="Arms">The assigned arm of each customer (0 = control, no offer).</param>
/// <param name="ExpectedValue">The expected incremental value of the assignment (0 for control).</param>
/// <param name="ExpectedCost">The expected cost of the assignment (0 for control).</param>
public sealed record OfferAssignment(ImmutableArray<int> Arms, ImmutableArray<double> ExpectedValue, ImmutableArray<double> ExpectedCost)
{
    /// <summary>Gets the total expected incremental value.</summary>
    /// <value>Σ ExpectedValue.</value>
    public double TotalExpectedValue => ExpectedValue.Sum();

    /// <summary>Gets the total expected cost.</summary>
    /// <value>Σ ExpectedCost.</value>
    public double TotalExpectedCost => ExpectedCost.Sum();

    /// <summary>Returns the number of customers assigned each arm.</summary>
    /// <param name="armCount">The number of treatment arms m.</param>
    /// <returns>m + 1 counts, control first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="armCount"/> is less than the largest assigned arm.</exception>
    public int[] CountByArm(int armCount)
    {
        var counts = new int[armCount + 1];
        foreach (int a in Arms)
        {
            if (a > armCount)
            {
                throw new ArgumentOutOfRangeException(nameof(armCount), armCount, $"armCount must be at least the largest assigned arm ({a}).");
            }

            counts[a]++;
        }

        return counts;
    }

    /// <summary>Returns whether <paramref name="other"/> assigns the same arms with the same expected values and costs.</summary>
    /// <param name="other">The assignment to compare with.</param>
    /// <returns><see langword="true"/> when every element is equal.</returns>
    public bool Equals(OfferAssignment? other) =>
        other is not null
        && Arms.AsSpan().SequenceEqual(other.Arms.AsSpan())
        && ExpectedValue.AsSpan().SequenceEqual(other.ExpectedValue.AsSpan())
        && ExpectedCost.AsSpan().SequenceEqual(other.ExpectedCost.AsSpan());

    /// <summary>Returns a hash code consistent with <see cref="Equals(OfferAssignment)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Arms.Length, TotalExpectedValue, TotalExpectedCost);
}
