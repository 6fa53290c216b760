using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Forests.Internal;

/// <summary>
/// Grows one causal tree (Athey, Tibshirani &amp; Wager, 2019) on binned features from residualised
/// outcomes ỹ = y − m(x) and treatments w̃ = w − e(x). At each node the splitting rows give the local
/// effect τ<sub>P</sub> = Σ(w̃ − w̄)(ỹ − ȳ)/Σ(w̃ − w̄)² and the pseudo-outcomes (the gradient of the node's
/// estimating equation) ρ<sub>i</sub> = (w̃<sub>i</sub> − w̄)·[(ỹ<sub>i</sub> − ȳ) − (w̃<sub>i</sub> − w̄)·τ<sub>P</sub>];
/// the split maximizes Σ<sub>L</sub>ρ²/n<sub>L</sub> + Σ<sub>R</sub>ρ²/n<sub>R</sub> over seeded candidate features, each child
/// keeping <c>minNode</c> rows with w̃ below the node's mean and as many at or above it, and
/// Σ(w̃ − w̄<sub>child</sub>)² ≥ α·Σ<sub>node</sub>(w̃ − w̄)² (grf's InstrumentalSplittingRule). Then every node
/// records the count and the means of w̃, ỹ, w̃ỹ and w̃² of the estimation rows routed through it and, for the
/// linear correction features x<sub>j</sub>, the means of w̃x<sub>j</sub>, w̃²x<sub>j</sub>, w̃ỹx<sub>j</sub> and w̃²x<sub>j</sub>x<sub>k</sub> (j ≤ k).
/// One builder per tree; not thread-safe.
/// </summary>
internal sealed class CausalTreeBuilder
{
    /// <summary>The statistics kept per node without a linear correction: count, mean w̃, mean ỹ, mean w̃ỹ, mean w̃².</summary>
    public const int StatCount = 5;

    private readonly byte[] _bins;
    private readonly int _n;
    private readonly int _d;
    private readonly double[][] _thresholds;
    private readonly double[] _yr;
    private readonly double[] _wr;
    private readonly CausalForestOptions _options;
    private readonly int _mtry;
    private readonly Random _rng;
    private readonly int[] _features;
    private readonly double[] _rho;
    private readonly int[] _histCount = new int[256];
    private readonly int[] _histSmall = new int[256];
    private readonly double[] _histRho = new double[256];
    private readonly double[] _histW = new double[256];
    private readonly double[] _histWW = new double[256];
    private readonly double[] _correction;
    private readonly int _s;
    private int[] _rows = [];
    private int[] _partition = [];

    /// <summary>Creates a builder; <paramref name="correction"/> holds the raw values of the s = <paramref name="correctionCount"/> linear correction features, row-major n × s (empty: no correction).</summary>
    public CausalTreeBuilder(byte[] bins, int n, double[][] thresholds, double[] yResidual, double[] wResidual, CausalForestOptions options, int mtry, Random rng, double[] correction, int correctionCount)
    {
        _correction = correction;
        _s = correctionCount;
        _bins = bins;
        _n = n;
        _d = thresholds.Length;
        _thresholds = thresholds;
        _yr = yResidual;
        _wr = wResidual;
        _options = options;
        _mtry = mtry;
        _rng = rng;
        _features = new int[_d];
        _rho = new double[n];
    }

    public TreeNodeLists Nodes { get; } = new();

    /// <summary>The statistics per node with <paramref name="correctionCount"/> linear correction features: 5 + 3s + s(s + 1)/2.</summary>
    public static int StatWidth(int correctionCount) => StatCount + (3 * correctionCount) + (correctionCount * (correctionCount + 1) / 2);

    /// <summary>Gets <see cref="StatWidth"/> statistics per node from the estimation rows (node · width + k).</summary>
    public double[] Stats { get; private set; } = [];

    /// <summary>Grows the tree on <paramref name="splitRows"/> and fills the node statistics from <paramref name="estimateRows"/>.</summary>
    public void Grow(int[] splitRows, int[] estimateRows)
    {
        _rows = splitRows;
        _partition = new int[splitRows.Length];
        Build(0, splitRows.Length, 0);
        Estimate(estimateRows);
    }

    private int Build(int start, int end, int depth)
    {
        int node = Nodes.AddLeaf();
        int count = end - start;
        if (depth >= _options.MaxDepth || count < 2 * _options.MinNodeSize)
        {
            return node;
        }

        double sw = 0, sy = 0;
        for (int i = start; i < end; i++)
        {
            sw += _wr[_rows[i]];
            sy += _yr[_rows[i]];
        }

        double wBar = sw / count, yBar = sy / count, num = 0, den = 0;
        for (int i = start; i < end; i++)
        {
            int r = _rows[i];
            double dw = _wr[r] - wBar;
            num += dw * (_yr[r] - yBar);
            den += dw * dw;
        }

        if (Math.Abs(den) <= 1e-10)
        {
            return node;
        }

        double tau = num / den;
        int small = 0;
        double sumRho = 0;
        for (int i = start; i < end; i++)
        {
            int r = _rows[i];
            double dw = _wr[r] - wBar;
            _rho[r] = dw * ((_yr[r] - yBar) - (dw * tau));
            sumRho += _rho[r];
            small += _wr[r] < wBar ? 1 : 0;
        }

        var node0 = new NodeSums(count, small, sumRho, sw, den + (sw * sw / count));
        double minChildSize = _options.ImbalanceAlpha * den;
        for (int j = 0; j < _d; j++)
        {
            _features[j] = j;
        }

        double bestDecrease = -1;
        int bestFeature = -1, bestBin = -1;
        for (int c = 0; c < _mtry; c++)
        {
            int pick = _rng.Next(c, _d);
            (_features[c], _features[pick]) = (_features[pick], _features[c]);
            int j = _features[c];
            (double decrease, int bin) = BestSplit(j, start, end, wBar, node0, minChildSize);
            if (bin >= 0 && decrease > bestDecrease)
            {
                bestDecrease = decrease;
                bestFeature = j;
                bestBin = bin;
            }
        }

        if (bestFeature < 0)
        {
            return node;
        }

        int mid = RowPartition.Stable(_bins.AsSpan(bestFeature * _n, _n), bestBin, _rows, _partition, start, end);
        Nodes.SetSplit(node, bestFeature, bestBin, _thresholds[bestFeature][bestBin]);
        int left = Build(start, mid, depth + 1);
        int right = Build(mid, end, depth + 1);
        Nodes.Left[node] = left;
        Nodes.Right[node] = right;
        return node;
    }

    private readonly record struct NodeSums(int Count, int Small, double Rho, double W, double WW);

    private (double Decrease, int Bin) BestSplit(int j, int start, int end, double wBar, NodeSums node, double minChildSize)
    {
        int bins = _thresholds[j].Length + 1;
        if (bins < 2)
        {
            return (0, -1);
        }

        // The histograms are all zero between calls; only the bins this node's rows occupy are touched and cleared.
        Span<int> hc = _histCount.AsSpan(0, bins);
        Span<int> hsmall = _histSmall.AsSpan(0, bins);
        Span<double> hr = _histRho.AsSpan(0, bins);
        Span<double> hw = _histW.AsSpan(0, bins);
        Span<double> hww = _histWW.AsSpan(0, bins);
        ReadOnlySpan<byte> column = _bins.AsSpan(j * _n, _n);
        int lo = bins, hi = -1;
        for (int i = start; i < end; i++)
        {
            int r = _rows[i];
            int b = column[r];
            double w = _wr[r];
            hc[b]++;
            hsmall[b] += w < wBar ? 1 : 0;
            hr[b] += _rho[r];
            hw[b] += w;
            hww[b] += w * w;
            lo = Math.Min(lo, b);
            hi = Math.Max(hi, b);
        }

        if (hi < 0)
        {
            return (0, -1);
        }

        int minNode = _options.MinNodeSize;
        int nl = 0, smallL = 0;
        double rl = 0, wl = 0, wwl = 0, best = -1;
        int bestBin = -1;
        // Bins below lo add nothing and a cut at hi or above leaves the right child empty.
        for (int b = lo; b < hi; b++)
        {
            nl += hc[b];
            smallL += hsmall[b];
            rl += hr[b];
            wl += hw[b];
            wwl += hww[b];
            if (hc[b] == 0)
            {
                continue;
            }

            int nr = node.Count - nl, smallR = node.Small - smallL;
            if (smallR < minNode || nr - smallR < minNode)
            {
                break;
            }

            if (smallL < minNode || nl - smallL < minNode)
            {
                continue;
            }

            double sizeL = wwl - (wl * wl / nl);
            double wr = node.W - wl;
            double sizeR = node.WW - wwl - (wr * wr / nr);
            if (sizeL < minChildSize || sizeR < minChildSize)
            {
                continue;
            }

            double rr = node.Rho - rl;
            double decrease = (rl * rl / nl) + (rr * rr / nr);
            if (decrease > best)
            {
                best = decrease;
                bestBin = b;
            }
        }

        int occupied = hi - lo + 1;
        hc.Slice(lo, occupied).Clear();
        hsmall.Slice(lo, occupied).Clear();
        hr.Slice(lo, occupied).Clear();
        hw.Slice(lo, occupied).Clear();
        hww.Slice(lo, occupied).Clear();
        return (best, bestBin);
    }

    private void Estimate(int[] rows)
    {
        int nodes = Nodes.Feature.Count, width = StatWidth(_s), s = _s;
        var stats = new double[nodes * width];
        Span<int> path = stackalloc int[_options.MaxDepth + 1];
        foreach (int r in rows)
        {
            Nodes.Path(_bins, _n, r, path, out int length);
            double w = _wr[r], y = _yr[r];
            ReadOnlySpan<double> x = _correction.AsSpan(r * s, s);
            for (int i = 0; i < length; i++)
            {
                int cell = path[i] * width;
                stats[cell] += 1;
                stats[cell + 1] += w;
                stats[cell + 2] += y;
                stats[cell + 3] += w * y;
                stats[cell + 4] += w * w;
                int k = cell + StatCount;
                for (int j = 0; j < s; j++)
                {
                    stats[k++] += w * x[j];
                    stats[k++] += w * w * x[j];
                    stats[k++] += w * y * x[j];
                }

                for (int j = 0; j < s; j++)
                {
                    for (int l = j; l < s; l++)
                    {
                        stats[k++] += w * w * x[j] * x[l];
                    }
                }
            }
        }

        for (int i = 0; i < nodes; i++)
        {
            int cell = i * width;
            double c = stats[cell];
            if (c > 0)
            {
                for (int k = 1; k < width; k++)
                {
                    stats[cell + k] /= c;
                }
            }
        }

        Stats = stats;
    }
}
