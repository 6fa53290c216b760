using System.Runtime.InteropServices;
using Personalization.Experiments.Internal;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Pearson chi-square tests: r x c independence and goodness of fit.</summary>
/// <remarks>
/// p-values come from the regularized upper incomplete gamma function, so values such as 1e-147 keep their digits.
/// Unlike SciPy's <c>chi2_contingency</c> (which applies Yates to 2 x 2 tables by default) the Yates correction is
/// opt-in: it is conservative and A/B tables are large. Stateless and thread-safe.
/// </remarks>
public static class ChiSquareTest
{
    /// <summary>The independence test name.</summary>
    public const string IndependenceName = "Chi-square test of independence";

    /// <summary>The goodness-of-fit test name.</summary>
    public const string GoodnessOfFitName = "Chi-square goodness-of-fit test";

    /// <summary>Tests independence of rows and columns of a contingency table.</summary>
    /// <param name="table">Observed counts, at least 2 x 2, every row and column with a positive total.</param>
    /// <param name="yatesCorrection">Whether to apply the Yates continuity correction; it only applies to 2 x 2 tables.</param>
    /// <value>The default applies no correction.</value>
    /// <returns>The statistic, p-value, df = (r - 1)(c - 1) and the expected counts.</returns>
    /// <exception cref="ArgumentException">The table is smaller than 2 x 2, holds a negative count, or has a row or column that sums to zero.</exception>
    /// <remarks>E_ij = R_i C_j / N; chi2 = sum (O_ij - E_ij)^2 / E_ij; Yates moves each O toward E by min(0.5, |O - E|).</remarks>
    public static ContingencyTestResult Independence(long[,] table, bool yatesCorrection = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        int rows = table.GetLength(0);
        int cols = table.GetLength(1);
        if (rows < 2 || cols < 2)
        {
            throw new ArgumentException($"table is {rows} x {cols}; a test of independence needs at least 2 rows and 2 columns.", nameof(table));
        }

        double[] rowSums = new double[rows];
        double[] colSums = new double[cols];
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                long o = table[r, c];
                if (o < 0)
                {
                    throw new ArgumentException($"table[{r},{c}] is {o}; counts must be non-negative.", nameof(table));
                }

                rowSums[r] += o;
                colSums[c] += o;
                total += o;
            }
        }

        for (int r = 0; r < rows; r++)
        {
            if (rowSums[r] == 0)
            {
                throw new ArgumentException($"Row {r} of table sums to zero; remove empty rows before testing.", nameof(table));
            }
        }

        for (int c = 0; c < cols; c++)
        {
            if (colSums[c] == 0)
            {
                throw new ArgumentException($"Column {c} of table sums to zero; remove empty columns before testing.", nameof(table));
            }
        }

        bool yates = yatesCorrection && rows == 2 && cols == 2;
        var expected = new double[rows * cols];
        double chi2 = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double e = rowSums[r] * colSums[c] / total;
                expected[(r * cols) + c] = e;
                double d = table[r, c] - e;
                if (yates)
                {
                    d = Math.Sign(d) * Math.Max(0, Math.Abs(d) - 0.5);
                }

                chi2 += d * d / e;
            }
        }

        double df = (rows - 1.0) * (cols - 1.0);
        return new ContingencyTestResult(IndependenceName, chi2, ChiSquared.Sf(chi2, df), ImmutableCollectionsMarshal.AsImmutableArray(expected), cols)
        {
            DegreesOfFreedom = df,
            YatesCorrected = yates,
        };
    }

    /// <summary>Tests independence from raw per-unit category labels (for example arm and outcome).</summary>
    /// <param name="rowCategories">Row category of each unit, 0-based.</param>
    /// <param name="columnCategories">Column category of each unit, 0-based.</param>
    /// <param name="yatesCorrection">Whether to apply the Yates correction (2 x 2 only).</param>
    /// <value>The default applies no correction.</value>
    /// <returns>As <see cref="Independence(long[,], bool)"/>.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, are empty, hold a negative label, or the table has an empty row or column.</exception>
    /// <remarks>Counts the table (size = max label + 1 per side), then tests it.</remarks>
    public static ContingencyTestResult Independence(ReadOnlySpan<int> rowCategories, ReadOnlySpan<int> columnCategories, bool yatesCorrection = false)
    {
        Guard.NotEmpty(rowCategories);
        Guard.SameLength(rowCategories.Length, columnCategories.Length, nameof(rowCategories), nameof(columnCategories));
        int rows = 0, cols = 0;
        for (int i = 0; i < rowCategories.Length; i++)
        {
            if (rowCategories[i] < 0 || columnCategories[i] < 0)
            {
                throw new ArgumentException($"Unit {i} has category ({rowCategories[i]}, {columnCategories[i]}); categories must be 0-based non-negative integers.", nameof(rowCategories));
            }

            rows = Math.Max(rows, rowCategories[i] + 1);
            cols = Math.Max(cols, columnCategories[i] + 1);
        }

        var table = new long[rows, cols];
        for (int i = 0; i < rowCategories.Length; i++)
        {
            table[rowCategories[i], columnCategories[i]]++;
        }

        return Independence(table, yatesCorrection);
    }

    /// <summary>Tests observed counts against expected proportions.</summary>
    /// <param name="observed">Observed counts per category (at least 2 categories).</param>
    /// <param name="expectedWeights">Expected share of each category (any positive scale; normalised to sum 1).</param>
    /// <returns>The statistic, p-value and df = k - 1.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, have fewer than 2 entries, a count is negative, all counts are zero, or a weight is not a finite positive number.</exception>
    /// <remarks>E_i = N w_i / sum w; chi2 = sum (O_i - E_i)^2 / E_i; p = Q((k - 1)/2, chi2/2).</remarks>
    public static TestResult GoodnessOfFit(ReadOnlySpan<long> observed, ReadOnlySpan<double> expectedWeights)
    {
        Guard.SameLength(observed.Length, expectedWeights.Length, nameof(observed), nameof(expectedWeights));
        if (observed.Length < 2)
        {
            throw new ArgumentException($"observed has {observed.Length} categor(ies); a goodness-of-fit test needs at least 2.", nameof(observed));
        }

        double total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            if (observed[i] < 0)
            {
                throw new ArgumentException($"observed[{i}] is {observed[i]}; counts must be non-negative.", nameof(observed));
            }

            if (!double.IsFinite(expectedWeights[i]) || expectedWeights[i] <= 0)
            {
                throw new ArgumentException($"expectedWeights[{i}] is {expectedWeights[i]}; every weight must be a finite number greater than 0.", nameof(expectedWeights));
            }

            total += observed[i];
            weightSum += expectedWeights[i];
        }

        if (total == 0)
        {
            throw new ArgumentException("observed counts are all zero; there is nothing to test.", nameof(observed));
        }

        double chi2 = 0;
        for (int i = 0; i < observed.Length; i++)
        {
            double e = total * expectedWeights[i] / weightSum;
            double d = observed[i] - e;
            chi2 += d * d / e;
        }

        double df = observed.Length - 1;
        return new TestResult(GoodnessOfFitName, chi2, ChiSquared.Sf(chi2, df), Alternative.TwoSided) { DegreesOfFreedom = df };
    }
}
