using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Sufficient statistics of a binary metric in one arm: the number of units and of successes (conversions).</summary>
/// <remarks>An immutable value; thread-safe.</remarks>
public readonly record struct ProportionSummary
{
    /// <summary>Creates a summary.</summary>
    /// <param name="count">The number of units n, at least 1.</param>
    /// <param name="successes">The number of successes, between 0 and <paramref name="count"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1, or <paramref name="successes"/> is negative or larger than <paramref name="count"/>.</exception>
    public ProportionSummary(long count, long successes)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count must be at least 1, but was {count}.");
        }

        if (successes < 0 || successes > count)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be between 0 and count ({count}), but was {successes}.");
        }

        Count = count;
        Successes = successes;
    }

    /// <summary>Gets the number of units n.</summary>
    public long Count { get; }

    /// <summary>Gets the number of successes x.</summary>
    public long Successes { get; }

    /// <summary>Gets the observed rate x / n.</summary>
    public double Rate => (double)Successes / Count;

    /// <summary>Gets the variance of the rate estimate, p (1 - p) / n.</summary>
    public double RateVariance => Rate * (1 - Rate) / Count;

    /// <summary>Summarises raw per-unit outcomes.</summary>
    /// <param name="outcomes">One flag per unit: <see langword="true"/> when it converted.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException"><paramref name="outcomes"/> is empty.</exception>
    public static ProportionSummary FromOutcomes(ReadOnlySpan<bool> outcomes)
    {
        Guard.NotEmpty(outcomes);
        long successes = 0;
        foreach (bool converted in outcomes)
        {
            successes += converted ? 1 : 0;
        }

        return new ProportionSummary(outcomes.Length, successes);
    }
}
