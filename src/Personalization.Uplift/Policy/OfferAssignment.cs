namespace Personalization.Uplift;

/// <summary>The arm assigned to each customer by <see cref="OfferPolicy"/>, with its expected incremental value and cost.</summary>
/// <remarks>Immutable by convention: the arrays are owned by the result and must not be modified.</remarks>
/// <param name="Arms">The assigned arm of each customer (0 = control, no offer).</param>
/// <param name="ExpectedValue">The expected incremental value of the assignment (0 for control).</param>
/// <param name="ExpectedCost">The expected cost of the assignment (0 for control).</param>
public sealed record OfferAssignment(int[] Arms, double[] ExpectedValue, double[] ExpectedCost)
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
}
