using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Forests.Internal;

/// <summary>
/// Grows one uplift tree on binned features. At each node: per-arm counts n and positives s of the
/// splitting rows, the node's regularised response rates, then for each of a seeded draw of candidate
/// features a histogram of (n, s) per bin and arm, scanned for the split with the largest
/// <see cref="UpliftSplitGain.Gain"/> whose children keep <c>minLeaf</c> rows and <c>minArm</c> rows of
/// every arm. Leaf response rates are then estimated from the estimation rows (the splitting rows
/// themselves, or a disjoint half under honesty). One builder per tree; not thread-safe.
/// </summary>
internal sealed class UpliftTreeBuilder
{
    private readonly byte[] _bins;
    private readonly int _n;
    private readonly int _d;
    private readonly int _arms;
    private readonly double[][] _thresholds;
    private readonly int[] _arm;
    private readonly double[] _y;
    private readonly UpliftRandomForestOptions _options;
    private readonly int _mtry;
    private readonly Random _rng;
    private readonly int[] _features;
    private readonly double[] _histN;
    private readonly double[] _histS;
    private readonly double[] _scratch;
    private double[] _w = [];
    private int[] _rows = [];
    private int[] _partition = [];

    public UpliftTreeBuilder(byte[] bins, int n, double[][] thresholds, int[] arm, double[] y, int arms, UpliftRandomForestOptions options, int mtry, Random rng)
    {
        _bins = bins;
        _n = n;
        _d = thresholds.Length;
        _arms = arms;
        _thresholds = thresholds;
        _arm = arm;
        _y = y;
        _options = options;
        _mtry = mtry;
        _rng = rng;
        _features = new int[_d];
        _histN = new double[256 * arms];
        _histS = new double[256 * arms];
        _scratch = new double[6 * arms];
    }

    public TreeNodeLists Nodes { get; } = new();

    /// <summary>Gets the estimated response rate of each arm at every node, arms per node (node · arms + k).</summary>
    public List<double> Rate { get; } = [];

    /// <summary>
    /// Grows the tree on <paramref name="splitRows"/> (weights <paramref name="splitWeight"/>: bootstrap multiplicities),
    /// then estimates every node's rates from <paramref name="estimateRows"/> with weights <paramref name="estimateWeight"/>;
    /// an arm without estimation rows in a node takes its parent's rate, and the root's parent is <paramref name="prior"/>.
    /// </summary>
    public void Grow(int[] splitRows, double[] splitWeight, int[] estimateRows, double[] estimateWeight, ReadOnlySpan<double> prior)
    {
        _rows = splitRows;
        _w = splitWeight;
        _partition = new int[splitRows.Length];
        Build(0, splitRows.Length, 0, []);
        Estimate(estimateRows, estimateWeight, prior);
    }

    private int Build(int start, int end, int depth, ReadOnlySpan<double> parentRate)
    {
        int k0 = _arms;
        Span<double> count = stackalloc double[k0];
        Span<double> positive = stackalloc double[k0];
        Counts(start, end, count, positive);
        var rate = new double[k0];
        UpliftSplitGain.Summary(count, positive, parentRate, _options.MinArmSamplesLeaf, _options.RegularizationWeight, rate);
        int node = Nodes.AddLeaf();
        double total = 0;
        foreach (double c in count)
        {
            total += c;
        }

        if (depth >= _options.MaxDepth || total < 2 * _options.MinSamplesLeaf)
        {
            return node;
        }

        for (int j = 0; j < _d; j++)
        {
            _features[j] = j;
        }

        double bestGain = 0;
        int bestFeature = -1, bestBin = -1;
        for (int c = 0; c < _mtry; c++)
        {
            int pick = _rng.Next(c, _d);
            (_features[c], _features[pick]) = (_features[pick], _features[c]);
            int j = _features[c];
            (double gain, int bin) = BestSplit(j, start, end, rate, count, positive);
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

        int mid = RowPartition.Stable(_bins.AsSpan(bestFeature * _n, _n), bestBin, _rows, _partition, start, end);
        Nodes.SetSplit(node, bestFeature, bestBin, _thresholds[bestFeature][bestBin]);
        int left = Build(start, mid, depth + 1, rate);
        int right = Build(mid, end, depth + 1, rate);
        Nodes.Left[node] = left;
        Nodes.Right[node] = right;
        return node;
    }

    private void Counts(int start, int end, Span<double> count, Span<double> positive)
    {
        count.Clear();
        positive.Clear();
        for (int i = start; i < end; i++)
        {
            int r = _rows[i];
            count[_arm[r]] += _w[r];
            positive[_arm[r]] += _w[r] * _y[r];
        }
    }

    private (double Gain, int Bin) BestSplit(int j, int start, int end, ReadOnlySpan<double> rate, ReadOnlySpan<double> count, ReadOnlySpan<double> positive)
    {
        int bins = _thresholds[j].Length + 1;
        if (bins < 2)
        {
            return (0, -1);
        }

        int k0 = _arms;
        // The histograms are all zero between calls; only the bins this node's rows occupy are touched and cleared.
        Span<double> hn = _histN.AsSpan(0, bins * k0);
        Span<double> hs = _histS.AsSpan(0, bins * k0);
        ReadOnlySpan<byte> column = _bins.AsSpan(j * _n, _n);
        int lo = bins, hi = -1;
        for (int i = start; i < end; i++)
        {
            int r = _rows[i];
            int b = column[r];
            int cell = (b * k0) + _arm[r];
            hn[cell] += _w[r];
            hs[cell] += _w[r] * _y[r];
            lo = Math.Min(lo, b);
            hi = Math.Max(hi, b);
        }

        if (hi < 0)
        {
            return (0, -1);
        }

        Span<double> lowerN = _scratch.AsSpan(0, k0);
        Span<double> lowerS = _scratch.AsSpan(k0, k0);
        Span<double> upperN = _scratch.AsSpan(2 * k0, k0);
        Span<double> upperS = _scratch.AsSpan(3 * k0, k0);
        Span<double> work = _scratch.AsSpan(4 * k0, 2 * k0);
        lowerN.Clear();
        lowerS.Clear();
        double best = 0;
        int bestBin = -1;
        // Bins below lo add nothing and a cut at hi or above leaves the upper child empty.
        for (int b = lo; b < hi; b++)
        {
            double inBin = 0;
            for (int k = 0; k < k0; k++)
            {
                lowerN[k] += hn[(b * k0) + k];
                lowerS[k] += hs[(b * k0) + k];
                inBin += hn[(b * k0) + k];
            }

            if (inBin == 0)
            {
                continue;
            }

            double nLower = 0, nUpper = 0, minArm = double.PositiveInfinity;
            for (int k = 0; k < k0; k++)
            {
                upperN[k] = count[k] - lowerN[k];
                upperS[k] = positive[k] - lowerS[k];
                nLower += lowerN[k];
                nUpper += upperN[k];
                minArm = Math.Min(minArm, Math.Min(lowerN[k], upperN[k]));
            }

            if (nUpper < _options.MinSamplesLeaf)
            {
                break;
            }

            if (nLower < _options.MinSamplesLeaf || minArm < _options.MinArmSamplesLeaf)
            {
                continue;
            }

            double gain = UpliftSplitGain.Gain(_options.Criterion, _options.Normalization, _options.MinArmSamplesLeaf, _options.RegularizationWeight, rate, count, upperN, upperS, lowerN, lowerS, work);
            if (gain > best)
            {
                best = gain;
                bestBin = b;
            }
        }

        hn.Slice(lo * k0, (hi - lo + 1) * k0).Clear();
        hs.Slice(lo * k0, (hi - lo + 1) * k0).Clear();
        return (best, bestBin);
    }

    private void Estimate(int[] rows, double[] weight, ReadOnlySpan<double> prior)
    {
        int nodes = Nodes.Feature.Count, k0 = _arms;
        var n = new double[nodes * k0];
        var s = new double[nodes * k0];
        Span<int> path = stackalloc int[_options.MaxDepth + 1];
        foreach (int r in rows)
        {
            Nodes.Path(_bins, _n, r, path, out int length);
            for (int i = 0; i < length; i++)
            {
                n[(path[i] * k0) + _arm[r]] += weight[r];
                s[(path[i] * k0) + _arm[r]] += weight[r] * _y[r];
            }
        }

        // Children follow their parent, so one forward pass fills the parent's rate before the child's.
        var parentOf = new int[nodes];
        parentOf[0] = -1;
        for (int i = 0; i < nodes; i++)
        {
            if (Nodes.Feature[i] >= 0)
            {
                parentOf[Nodes.Left[i]] = i;
                parentOf[Nodes.Right[i]] = i;
            }
        }

        var rate = new double[nodes * k0];
        for (int i = 0; i < nodes; i++)
        {
            for (int k = 0; k < k0; k++)
            {
                int cell = (i * k0) + k;
                rate[cell] = n[cell] > 0 ? s[cell] / n[cell]
                    : parentOf[i] < 0 ? prior[k] : rate[(parentOf[i] * k0) + k];
            }
        }

        Rate.AddRange(rate);
    }
}
