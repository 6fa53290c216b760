using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Sample ratio mismatch (SRM) check: is the observed split of units across arms consistent with the planned allocation?</summary>
/// <remarks>
/// A chi-square goodness-of-fit test. The default threshold p &lt; 0.001 is deliberately strict: the check runs on every
/// experiment and every look, and a false SRM alarm discards a valid experiment. Stateless and thread-safe.
/// </remarks>
public static class SampleRatioMismatch
{
    /// <summary>The default p-value threshold below which a mismatch is flagged.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>Checks observed arm sizes against planned allocation weights.</summary>
    /// <param name="observed">Units observed per arm.</param>
    /// <param name="expectedWeights">Planned allocation per arm (any positive scale, for example 50/50 or 1/1).</param>
    /// <param name="threshold">Flag a mismatch when the p-value is below this, in (0, 1).</param>
    /// <value>The default threshold is <see cref="DefaultThreshold"/> (0.001).</value>
    /// <returns>The chi-square test and whether a mismatch is flagged.</returns>
    /// <exception cref="ArgumentException">See <see cref="ChiSquareTest.GoodnessOfFit"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not in (0, 1).</exception>
    /// <remarks>chi2 = sum (O_i - N w_i)^2 / (N w_i) with w normalised; mismatch when Q((k - 1)/2, chi2/2) &lt; threshold.</remarks>
    public static SampleRatioMismatchResult Check(ReadOnlySpan<long> observed, ReadOnlySpan<double> expectedWeights, double threshold = DefaultThreshold)
    {
        Guard.OpenUnitInterval(threshold);
        TestResult test = ChiSquareTest.GoodnessOfFit(observed, expectedWeights);
        return new SampleRatioMismatchResult(test, threshold, test.PValue < threshold);
    }

    /// <summary>Checks raw per-unit arm assignments against planned allocation weights.</summary>
    /// <param name="armOfUnit">The 0-based arm index of each unit.</param>
    /// <param name="expectedWeights">Planned allocation per arm; its length is the number of arms.</param>
    /// <param name="threshold">Flag a mismatch when the p-value is below this, in (0, 1).</param>
    /// <value>The default threshold is <see cref="DefaultThreshold"/> (0.001).</value>
    /// <returns>The chi-square test and whether a mismatch is flagged.</returns>
    /// <exception cref="ArgumentException">An arm index is negative or not below the number of weights, or see <see cref="ChiSquareTest.GoodnessOfFit"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not in (0, 1).</exception>
    /// <remarks>Counts units per arm, then applies the goodness-of-fit test.</remarks>
    public static SampleRatioMismatchResult CheckAssignments(ReadOnlySpan<int> armOfUnit, ReadOnlySpan<double> expectedWeights, double threshold = DefaultThreshold)
    {
        long[] counts = new long[expectedWeights.Length];
        for (int i = 0; i < armOfUnit.Length; i++)
        {
            int arm = armOfUnit[i];
            if (arm < 0 || arm >= counts.Length)
            {
                throw new ArgumentException($"armOfUnit[{i}] is {arm}; arm indices must be between 0 and {counts.Length - 1} (one weight per arm).", nameof(armOfUnit));
            }

            counts[arm]++;
        }

        return Check(counts, expectedWeights, threshold);
    }
}
