using Personalization.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Internal;

/// <summary>
/// Grows depth-wise regression trees on binned features from gradients and hessians (second-order
/// boosting). A node's histograms (Σg, Σh, rows per bin of every feature, one 4-double cell per bin)
/// come from one pass over its rows in a row-major copy of the bin codes, each row's (g, h, 1, 0)
/// added to a cell as one vector; of two children that both split, only the smaller is
/// built and the larger is the parent minus it (histogram subtraction); leaves at the last level get
/// no histogram. Large nodes split the features into blocks, one thread per block; every feature's
/// histogram is summed in row order by one thread, so the trees do not depend on the thread count.
/// </summary>
internal sealed partial class HistogramTreeBuilder
{
    /// <summary>Doubles per histogram bin: Σg, Σh, rows, and a zero that pads the cell to one 256-bit vector.</summary>
    private const int Cell = 4;

    private const int Stride = 256 * Cell;

    private readonly byte[] _bins;
    private readonly byte[] _rowBins;
    private readonly int _n;
    private readonly int _d;
    private readonly int[] _binCounts;
    private readonly double[][] _thresholds;
    private readonly GradientBoostingOptions _options;
    private readonly ParallelOptions _parallel;
    private readonly int _blocks;
    private readonly double[] _bestGain;
    private readonly int[] _bestBin;
    private readonly double[] _bestLeftG;
    private readonly double[] _bestLeftH;
    private readonly int[] _scratch;
    private readonly Stack<double[]> _pool = new();
    private double[] _gh = [];
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
        int threads = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        _blocks = Math.Clamp(threads, 1, Math.Max(1, _d));
        _rowBins = RowMajor(bins, n, _d, parallel);
        _bestGain = new double[_d];
        _bestBin = new int[_d];
        _bestLeftG = new double[_d];
        _bestLeftH = new double[_d];
        _scratch = new int[n];
    }

    public List<int> Feature { get; } = [];

    public List<double> Threshold { get; } = [];

    public List<int> SplitBin { get; } = [];

    public List<int> Left { get; } = [];

    public List<int> Right { get; } = [];

    public List<double> Value { get; } = [];

    /// <summary>
    /// Grows one tree over <paramref name="rows"/> (reordered in place) and returns its root index;
    /// <paramref name="gradientHessian"/> holds row r's gradient at 2r and hessian at 2r + 1.
    /// When <paramref name="rawOfRows"/> is given (every row is in <paramref name="rows"/>), each
    /// leaf adds its value to the raw score of its rows directly.
    /// </summary>
    public int Grow(double[] gradientHessian, int[] rows, int count, double[]? rawOfRows)
    {
        _gh = gradientHessian;
        _rows = rows;
        _raw = rawOfRows;
        double sumG = 0, sumH = 0;
        for (int k = 0; k < count; k++)
        {
            int r = rows[k];
            sumG += gradientHessian[2 * r];
            sumH += gradientHessian[(2 * r) + 1];
        }

        return Build(0, count, 0, CanSplit(count, 0) ? Histogram(0, count) : null, sumG, sumH);
    }

    /// <summary>Adds the tree's output for every training row to <paramref name="raw"/>, routing rows by their bins.</summary>
    public void AddTreeToRaw(int root, double[] raw)
    {
        const int Chunk = 4096;
        int chunks = (_n + Chunk - 1) / Chunk;
        ChunkParallel.For(chunks, _parallel, c =>
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

    private bool CanSplit(int count, int depth) => depth < _options.MaxDepth && count >= 2 * _options.MinSamplesLeaf;

    /// <summary>Grows the subtree of rows[start, end) whose gradient and hessian sums are given (the root's summed in row order, a child's from its parent's histogram scan).</summary>
    private int Build(int start, int end, int depth, double[]? hist, double sumG, double sumH)
    {
        int node = Feature.Count;
        Feature.Add(-1);
        Threshold.Add(0);
        SplitBin.Add(0);
        Left.Add(-1);
        Right.Add(-1);
        Value.Add(-_options.LearningRate * sumG / (sumH + _options.L2Regularization));
        if (hist is null)
        {
            return Leaf(node, start, end);
        }

        double parentScore = sumG * sumG / (sumH + _options.L2Regularization);
        for (int j = 0; j < _d; j++)
        {
            BestSplit(j, hist, end - start, sumG, sumH, parentScore);
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
            _pool.Push(hist);
            return Leaf(node, start, end);
        }

        int bin = _bestBin[feature];
        double leftG = _bestLeftG[feature], leftH = _bestLeftH[feature];
        int mid = Partition(feature, bin, start, end);
        Feature[node] = feature;
        Threshold[node] = _thresholds[feature][bin];
        SplitBin[node] = bin;
        (double[]? leftHist, double[]? rightHist) = ChildHistograms(hist, start, mid, end, depth + 1);
        int left = Build(start, mid, depth + 1, leftHist, leftG, leftH);
        int right = Build(mid, end, depth + 1, rightHist, sumG - leftG, sumH - leftH);
        Left[node] = left;
        Right[node] = right;
        return node;
    }

    /// <summary>Histograms of the children that can split: the smaller side built, the larger by subtraction from the parent's buffer.</summary>
    private (double[]? Left, double[]? Right) ChildHistograms(double[] parent, int start, int mid, int end, int depth)
    {
        bool leftSplits = CanSplit(mid - start, depth), rightSplits = CanSplit(end - mid, depth);
        if (!leftSplits && !rightSplits)
        {
            _pool.Push(parent);
            return (null, null);
        }

        bool leftSmaller = mid - start <= end - mid;
        if (leftSplits && rightSplits)
        {
            double[] small = leftSmaller ? Histogram(start, mid) : Histogram(mid, end);
            Subtract(parent, small);
            return leftSmaller ? (small, parent) : (parent, small);
        }

        // One child splits: build it directly when it is the smaller, else derive it from the parent.
        if (leftSplits == leftSmaller)
        {
            double[] only = leftSplits ? Histogram(start, mid) : Histogram(mid, end);
            _pool.Push(parent);
            return leftSplits ? (only, null) : (null, only);
        }

        double[] other = leftSplits ? Histogram(mid, end) : Histogram(start, mid);
        Subtract(parent, other);
        _pool.Push(other);
        return leftSplits ? (parent, null) : (null, parent);
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

    private void BestSplit(int j, double[] hist, int total, double sumG, double sumH, double parentScore)
    {
        int bins = _binCounts[j];
        ReadOnlySpan<double> hj = hist.AsSpan(j * Stride, bins * Cell);
        double lambda = _options.L2Regularization;
        int minLeaf = _options.MinSamplesLeaf;
        double gl = 0, hl = 0, best = 0, bestG = 0, bestH = 0;
        int cl = 0, bestBin = -1;
        for (int b = 0; b < bins - 1; b++)
        {
            gl += hj[Cell * b];
            hl += hj[(Cell * b) + 1];
            cl += (int)hj[(Cell * b) + 2];
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
                bestG = gl;
                bestH = hl;
            }
        }

        _bestGain[j] = bestBin >= 0 ? best : 0;
        _bestBin[j] = bestBin;
        _bestLeftG[j] = bestG;
        _bestLeftH[j] = bestH;
    }

    /// <summary>Stable partition of rows[start, end) into bin &lt;= split first; returns the first right index.</summary>
    private int Partition(int feature, int bin, int start, int end) =>
        RowPartition.Stable(_bins.AsSpan(feature * _n, _n), bin, _rows, _scratch, start, end);
}
