using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>
/// Grows depth-wise regression trees on binned features from gradients and hessians (second-order
/// boosting). Histograms are built per feature in parallel; each feature's histogram is summed in
/// row order by one thread, so the trees do not depend on the thread count.
/// </summary>
internal sealed class HistogramTreeBuilder
{
    private readonly byte[] _bins;
    private readonly int _n;
    private readonly int _d;
    private readonly int[] _binCounts;
    private readonly double[][] _thresholds;
    private readonly GradientBoostingOptions _options;
    private readonly ParallelOptions _parallel;
    private readonly double[] _histG;
    private readonly double[] _histH;
    private readonly int[] _histC;
    private readonly double[] _bestGain;
    private readonly int[] _bestBin;
    private readonly int[] _scratch;
    private double[] _g = [];
    private double[] _h = [];
    private int[] _rows = [];
    private double[]? _raw;

    public HistogramTreeBuilder(byte[] bins, int n, double[][] thresholds, GradientBoostingOptions options, ParallelOptions parallel)
    {
        _bins = bins;
        _n = n;
        _d = thresholds.Length;
        _thresholds = thresholds;
        _binCounts = new int[_d];
        for (int j = 0; j < _d; j++)
        {
            _binCounts[j] = thresholds[j].Length + 1;
        }

        _options = options;
        _parallel = parallel;
        _histG = new double[_d * 256];
        _histH = new double[_d * 256];
        _histC = new int[_d * 256];
        _bestGain = new double[_d];
        _bestBin = new int[_d];
        _scratch = new int[n];
    }

    public List<int> Feature { get; } = [];

    public List<double> Threshold { get; } = [];

    public List<int> SplitBin { get; } = [];

    public List<int> Left { get; } = [];

    public List<int> Right { get; } = [];

    public List<double> Value { get; } = [];

    /// <summary>
    /// Grows one tree over <paramref name="rows"/> (reordered in place) and returns its root index.
    /// When <paramref name="rawOfRows"/> is given (every row is in <paramref name="rows"/>), each
    /// leaf adds its value to the raw score of its rows directly.
    /// </summary>
    public int Grow(double[] gradient, double[] hessian, int[] rows, int count, double[]? rawOfRows)
    {
        _g = gradient;
        _h = hessian;
        _rows = rows;
        _raw = rawOfRows;
        return Build(0, count, 0);
    }

    /// <summary>Adds the tree's output for every training row to <paramref name="raw"/>, routing rows by their bins.</summary>
    public void AddTreeToRaw(int root, double[] raw)
    {
        const int Chunk = 4096;
        int chunks = (_n + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, _parallel, c =>
        {
            int end = Math.Min(_n, (c + 1) * Chunk);
            for (int r = c * Chunk; r < end; r++)
            {
                int node = root;
                while (Feature[node] >= 0)
                {
                    node = _bins[(Feature[node] * _n) + r] <= SplitBin[node] ? Left[node] : Right[node];
                }

                raw[r] += Value[node];
            }
        });
    }

    private int Build(int start, int end, int depth)
    {
        double sumG = 0, sumH = 0;
        for (int k = start; k < end; k++)
        {
            int r = _rows[k];
            sumG += _g[r];
            sumH += _h[r];
        }

        int node = Feature.Count;
        Feature.Add(-1);
        Threshold.Add(0);
        SplitBin.Add(0);
        Left.Add(-1);
        Right.Add(-1);
        Value.Add(-_options.LearningRate * sumG / (sumH + _options.L2Regularization));

        int count = end - start;
        if (depth >= _options.MaxDepth || count < 2 * _options.MinSamplesLeaf)
        {
            return Leaf(node, start, end);
        }

        double parentScore = sumG * sumG / (sumH + _options.L2Regularization);
        if ((long)count * _d >= 16384 && _d > 1)
        {
            Parallel.For(0, _d, _parallel, j => BestSplit(j, start, end, sumG, sumH, parentScore));
        }
        else
        {
            for (int j = 0; j < _d; j++)
            {
                BestSplit(j, start, end, sumG, sumH, parentScore);
            }
        }

        int feature = -1;
        double gain = 1e-12;
        for (int j = 0; j < _d; j++)
        {
            if (_bestGain[j] > gain)
            {
                gain = _bestGain[j];
                feature = j;
            }
        }

        if (feature < 0)
        {
            return Leaf(node, start, end);
        }

        int bin = _bestBin[feature];
        int mid = Partition(feature, bin, start, end);
        Feature[node] = feature;
        Threshold[node] = _thresholds[feature][bin];
        SplitBin[node] = bin;
        int left = Build(start, mid, depth + 1);
        int right = Build(mid, end, depth + 1);
        Left[node] = left;
        Right[node] = right;
        return node;
    }

    private int Leaf(int node, int start, int end)
    {
        if (_raw is not null)
        {
            double value = Value[node];
            for (int k = start; k < end; k++)
            {
                _raw[_rows[k]] += value;
            }
        }

        return node;
    }

    private void BestSplit(int j, int start, int end, double sumG, double sumH, double parentScore)
    {
        int bins = _binCounts[j];
        Span<double> hg = _histG.AsSpan(j * 256, bins);
        Span<double> hh = _histH.AsSpan(j * 256, bins);
        Span<int> hc = _histC.AsSpan(j * 256, bins);
        hg.Clear();
        hh.Clear();
        hc.Clear();
        ReadOnlySpan<byte> column = _bins.AsSpan(j * _n, _n);
        ReadOnlySpan<int> rows = _rows.AsSpan(start, end - start);
        double[] g = _g, h = _h;
        foreach (int r in rows)
        {
            int b = column[r];
            hg[b] += g[r];
            hh[b] += h[r];
            hc[b]++;
        }

        double lambda = _options.L2Regularization;
        int minLeaf = _options.MinSamplesLeaf;
        int total = end - start;
        double gl = 0, hl = 0, best = 0;
        int cl = 0, bestBin = -1;
        for (int b = 0; b < bins - 1; b++)
        {
            gl += hg[b];
            hl += hh[b];
            cl += hc[b];
            int cr = total - cl;
            if (cl < minLeaf)
            {
                continue;
            }

            if (cr < minLeaf)
            {
                break;
            }

            double gr = sumG - gl, hr = sumH - hl;
            if (hl < 1e-9 || hr < 1e-9)
            {
                continue;
            }

            double gain = (gl * gl / (hl + lambda)) + (gr * gr / (hr + lambda)) - parentScore;
            if (gain > best)
            {
                best = gain;
                bestBin = b;
            }
        }

        _bestGain[j] = bestBin >= 0 ? best : 0;
        _bestBin[j] = bestBin;
    }

    /// <summary>Stable partition of rows[start, end) into bin &lt;= split first; returns the first right index.</summary>
    private int Partition(int feature, int bin, int start, int end)
    {
        ReadOnlySpan<byte> column = _bins.AsSpan(feature * _n, _n);
        int left = start, right = 0;
        for (int k = start; k < end; k++)
        {
            int r = _rows[k];
            if (column[r] <= bin)
            {
                _rows[left++] = r;
            }
            else
            {
                _scratch[right++] = r;
            }
        }

        Array.Copy(_scratch, 0, _rows, left, right);
        return left;
    }
}
