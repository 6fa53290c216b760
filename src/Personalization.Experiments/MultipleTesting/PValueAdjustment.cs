using System.Runtime.InteropServices;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Bonferroni, Holm and Benjamini-Hochberg adjusted p-values.</summary>
/// <remarks>
/// Matches statsmodels <c>multipletests</c> for <c>bonferroni</c>, <c>holm</c> and <c>fdr_bh</c>. statsmodels defaults to
/// Holm-Sidak; our default is Holm, which is valid under any dependence between the tests (arms sharing a control are
/// positively correlated), while Sidak's product rule assumes independence and gains only a sliver of power.
/// Stateless and thread-safe.
/// </remarks>
public static class PValueAdjustment
{
    /// <summary>The default correction.</summary>
    public const MultipleTestingCorrection DefaultCorrection = MultipleTestingCorrection.Holm;

    /// <summary>Adjusts p-values and decides which nulls to reject.</summary>
    /// <param name="pValues">Raw p-values in [0, 1].</param>
    /// <param name="correction">The correction.</param>
    /// <param name="alpha">The error rate to control, in (0, 1).</param>
    /// <value>Defaults: Holm, alpha 0.05.</value>
    /// <returns>Adjusted p-values and decisions, in the input order.</returns>
    /// <exception cref="ArgumentException"><paramref name="pValues"/> is empty or holds a value outside [0, 1] or NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    /// <remarks>See <see cref="Adjust(ReadOnlySpan{double}, Span{double}, MultipleTestingCorrection)"/>; reject when p_adj &lt;= alpha.</remarks>
    public static AdjustedPValues Adjust(ReadOnlySpan<double> pValues, MultipleTestingCorrection correction = DefaultCorrection, double alpha = 0.05)
    {
        Guard.OpenUnitInterval(alpha);
        double[] adjusted = new double[pValues.Length];
        Adjust(pValues, adjusted, correction);
        bool[] rejected = new bool[adjusted.Length];
        for (int i = 0; i < adjusted.Length; i++)
        {
            rejected[i] = adjusted[i] <= alpha;
        }

        return new AdjustedPValues(correction, alpha, ImmutableCollectionsMarshal.AsImmutableArray(adjusted), ImmutableCollectionsMarshal.AsImmutableArray(rejected));
    }

    /// <summary>Writes adjusted p-values into <paramref name="destination"/>.</summary>
    /// <param name="pValues">Raw p-values in [0, 1].</param>
    /// <param name="destination">Receives the adjusted p-values in input order; same length as <paramref name="pValues"/>.</param>
    /// <param name="correction">The correction.</param>
    /// <value>The default correction is Holm.</value>
    /// <exception cref="ArgumentException"><paramref name="pValues"/> is empty, holds a value outside [0, 1] or NaN, or the lengths differ.</exception>
    /// <remarks>
    /// With m tests and p_(1) &lt;= ... &lt;= p_(m): Bonferroni min(1, m p_i);
    /// Holm p_adj(i) = max over j &lt;= i of min(1, (m - j + 1) p_(j));
    /// Benjamini-Hochberg p_adj(i) = min over j &gt;= i of min(1, p_(j) / (j / m)).
    /// </remarks>
    public static void Adjust(ReadOnlySpan<double> pValues, Span<double> destination, MultipleTestingCorrection correction = DefaultCorrection)
    {
        Guard.NotEmpty(pValues);
        Guard.SameLength(pValues.Length, destination.Length, nameof(pValues), nameof(destination));
        for (int i = 0; i < pValues.Length; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new ArgumentException($"pValues[{i}] is {pValues[i]}; every p-value must be between 0 and 1.", nameof(pValues));
            }
        }

        int m = pValues.Length;
        switch (correction)
        {
            case MultipleTestingCorrection.None:
                pValues.CopyTo(destination);
                return;
            case MultipleTestingCorrection.Bonferroni:
                for (int i = 0; i < m; i++)
                {
                    destination[i] = Math.Min(1, m * pValues[i]);
                }

                return;
            case MultipleTestingCorrection.Holm:
            case MultipleTestingCorrection.BenjaminiHochberg:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(correction), correction, $"Unknown correction {correction}.");
        }

        int[] order = new int[m];
        double[] sorted = pValues.ToArray();
        for (int i = 0; i < m; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        if (correction == MultipleTestingCorrection.Holm)
        {
            double running = 0;
            for (int k = 0; k < m; k++)
            {
                running = Math.Max(running, Math.Min(1, (m - k) * sorted[k]));
                destination[order[k]] = running;
            }
        }
        else
        {
            double running = 1;
            for (int k = m - 1; k >= 0; k--)
            {
                running = Math.Min(running, sorted[k] / ((k + 1) / (double)m));
                destination[order[k]] = Math.Min(1, running);
            }
        }
    }
}
