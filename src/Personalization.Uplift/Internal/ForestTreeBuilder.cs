using Personalization.Uplift.Forests.Internal;

namespace Personalization.Uplift.Internal;

/// <summary>
/// Grows one random-forest tree on binned features: at each node a seeded draw of candidate
/// features, weighted histograms (Σwy, Σw, rows) per candidate, and the split that most lowers the
/// weighted squared error, Σ<sub>L</sub>²/W<sub>L</sub> + Σ<sub>R</sub>²/W<sub>R</sub> − Σ²/W (Gini for 0/1 targets,
/// which is twice the variance). One builder per tree; not thread-safe.
/// </summary>
internal sealed class ForestTreeBuilder
{
    private readonly byte[] _bins;
    private readonly int _n;
    private readonly int _d;
    private readonly double[][] _thresholds;
    private readonly double[] _y;
    private readonly double[] _w;
    private readonly int _maxDepth;
    private readonly int _minLeaf;
    private readonly int _mtry;
    private readonly Random _rng;
    private readonly int[] _features;
    private readonly double[] _histS = new double[256];
    private readonly double[] _histW = new double[256];
    private readonly int[] _histC = new int[256];
    private int[] _rows = [];
    private int[] _scratch = [];

    public ForestTreeBuilder(byte[] bins, int n, double[][] thresholds, double[] y, double[] w, int maxDepth, int minLeaf, int mtry, Random rng)
    {
        _bins = bins;
        _n = n;
        _d = thresholds.Length;
        _thresholds = thresholds;
        _y = y;
        _w = w;
        _maxDepth = maxDepth;
        _minLeaf = minLeaf;
        _mtry = mtry;
        _rng = rng;
        _features = new int[_d];
    }

    /// <summary>Gets the tree's nodes (local indices).</summary>
    public TreeNodeLists Nodes { get; } = new();

    /// <summary>Gets each node's weighted mean target, in node order.</summary>
    public List<double> Value { get; } = [];

    /// <summary>Grows the tree over the rows with positive weight, in row order; returns the node count.</summary>
    public int Grow(int[] rows)
    {
        _rows = rows;
        _scratch = new int[rows.Length];
        Build(0, rows.Length, 0);
        return Nodes.Feature.Count;
    }

    private int Build(int start, int end, int depth)
    {
        double s = 0, w = 0;
        for (int k = start; k < end; k++)
        {
            int r = _rows[k];
            s += _w[r] * _y[r];
            w += _w[r];
        }

        int node = Nodes.AddLeaf();
        Value.Add(w > 0 ? s / w : 0);
        int count = end - start;
        if (depth >= _maxDepth || count < 2 * _minLeaf || w <= 0)
        {
            return node;
        }

        for (int j = 0; j < _d; j++)
        {
            _features[j] = j;
        }

        double parent = s * s / w;
        double bestGain = 1e-12 * Math.Max(1, Math.Abs(parent));
        int bestFeature = -1, bestBin = -1;
        for (int c = 0; c < _mtry; c++)
        {
            int pick = _rng.Next(c, _d);
            (_features[c], _features[pick]) = (_features[pick], _features[c]);
            int j = _features[c];
            (double gain, int bin) = BestSplit(j, start, end, s, w, parent);
            if (bin >= 0 && gain > bestGain)
            {
                bestGain = gain;
                bestFeature = j;
                bestBin = bin;
            }
        }

        if (bestFeature < 0)
        {
            return node;
        }

        int mid = Partition(bestFeature, bestBin, start, end);
        Nodes.SetSplit(node, bestFeature, bestBin, _thresholds[bestFeature][bestBin]);
        int left = Build(start, mid, depth + 1);
        int right = Build(mid, end, depth + 1);
        Nodes.Left[node] = left;
        Nodes.Right[node] = right;
        return node;
    }

    private (double Gain, int Bin) BestSplit(int j, int start, int end, double s, double w, double parent)
    {
        int bins = _thresholds[j].Length + 1;
        if (bins < 2)
        {
            return (0, -1);
        }

        Span<double> hs = _histS.AsSpan(0, bins);
        Span<double> hw = _histW.AsSpan(0, bins);
        Span<int> hc = _histC.AsSpan(0, bins);
        hs.Clear();
        hw.Clear();
        hc.Clear();
        ReadOnlySpan<byte> column = _bins.AsSpan(j * _n, _n);
        for (int k = start; k < end; k++)
        {
            int r = _rows[k];
            int b = column[r];
            hs[b] += _w[r] * _y[r];
            hw[b] += _w[r];
            hc[b]++;
        }

        int total = end - start;
        double sl = 0, wl = 0, best = 0;
        int cl = 0, bestBin = -1;
        for (int b = 0; b < bins - 1; b++)
        {
            sl += hs[b];
            wl += hw[b];
            cl += hc[b];
            if (cl < _minLeaf || hc[b] == 0)
            {
                continue;
            }

            if (total - cl < _minLeaf)
            {
                break;
            }

            double sr = s - sl, wr = w - wl;
            if (wl <= 0 || wr <= 0)
            {
                continue;
            }

            double gain = (sl * sl / wl) + (sr * sr / wr) - parent;
            if (gain > best)
            {
                best = gain;
                bestBin = b;
            }
        }

        return (best, bestBin);
    }

    /// <summary>Stable partition of rows[start, end) into bin &lt;= split first; returns the first right index.</summary>
    private int Partition(int feature, int bin, int start, int end) =>
        RowPartition.Stable(_bins.AsSpan(feature * _n, _n), bin, _rows, _scratch, start, end);
}
