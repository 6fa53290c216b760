namespace Personalization.Monitoring;

/// <summary>
/// Fits the bins of the population stability index on a reference sample: per feature, quantile
/// edges of the reference and the reference share of each bin.
/// </summary>
/// <remarks>
/// Binning, exactly: for a feature with sorted reference values x_0 &lt;= ... &lt;= x_{N-1} and B bins,
/// the inner edges are the quantiles at levels b/B, b = 1..B-1, with linear interpolation
/// (NumPy's default <c>quantile(method="linear")</c>: position h = (N - 1) b/B,
/// q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))); equal edges are merged, so a
/// feature with ties may get fewer than B bins. Bins are right-closed: (-inf, e_1], (e_1, e_2], ...,
/// (e_last, +inf); a value v falls in bin i = the number of edges strictly less than v.
/// Fitting costs O(N log N) per feature (a sort). The estimator is stateless and thread-safe.
/// </remarks>
public sealed class PsiBinning : IEstimator<FeatureMatrix<double>, PsiBinningModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    public PsiBinning(PsiBinningOptions? options = null)
    {
        Options = options ?? new PsiBinningOptions();
    }

    /// <summary>Gets the options.</summary>
    public PsiBinningOptions Options { get; }

    /// <summary>Fits the quantile bins of every column of <paramref name="input"/>.</summary>
    /// <param name="input">The reference sample: one row per customer, one column per feature.</param>
    /// <param name="cancellationToken">Cancels the fit between features.</param>
    /// <returns>The fitted binning.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty or holds NaN or infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public PsiBinningModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Options.Validate();
        input.ThrowIfEmptyOrNotFinite(nameof(input));
        var edges = new double[input.ColumnCount][];
        var shares = new double[input.ColumnCount][];
        var column = new double[input.RowCount];
        for (int c = 0; c < input.ColumnCount; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            input.CopyColumn(c, column);
            Array.Sort(column);
            edges[c] = QuantileEdges(column, Options.BinCount);
            shares[c] = BinShares(column, edges[c]);
        }

        return new PsiBinningModel(Options, input.ColumnNames, input.RowCount, edges, shares);
    }

    /// <summary>Inner quantile edges of sorted values, ties merged.</summary>
    internal static double[] QuantileEdges(ReadOnlySpan<double> sorted, int binCount)
    {
        var edges = new List<double>(binCount - 1);
        int n = sorted.Length;
        for (int b = 1; b < binCount; b++)
        {
            double h = (n - 1) * ((double)b / binCount);
            int lo = (int)Math.Floor(h);
            double q = lo + 1 < n ? sorted[lo] + ((h - lo) * (sorted[lo + 1] - sorted[lo])) : sorted[n - 1];
            if (edges.Count == 0 || q > edges[^1])
            {
                edges.Add(q);
            }
        }

        return [.. edges];
    }

    /// <summary>The share of <paramref name="values"/> in each of the edges.Length + 1 bins.</summary>
    internal static double[] BinShares(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length + 1];
        foreach (double v in values)
        {
            counts[BinOf(v, edges)]++;
        }

        var shares = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            shares[i] = (double)counts[i] / values.Length;
        }

        return shares;
    }

    /// <summary>The number of edges strictly less than <paramref name="value"/>.</summary>
    internal static int BinOf(double value, ReadOnlySpan<double> edges)
    {
        int lo = 0;
        int hi = edges.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (edges[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
