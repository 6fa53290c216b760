namespace Personalization.Uplift.Forests.Internal;

/// <summary>The nodes of one tree while it grows (local indices).</summary>
internal sealed class TreeNodeLists
{
    public List<int> Feature { get; } = [];

    public List<double> Threshold { get; } = [];

    public List<int> Left { get; } = [];

    public List<int> Right { get; } = [];

    /// <summary>Gets the bin code of each split (a row goes left when its bin is at most this); -1 at leaves.</summary>
    public List<int> SplitBin { get; } = [];

    /// <summary>Appends a leaf and returns its index.</summary>
    public int AddLeaf()
    {
        Feature.Add(-1);
        Threshold.Add(0);
        Left.Add(-1);
        Right.Add(-1);
        SplitBin.Add(-1);
        return Feature.Count - 1;
    }

    /// <summary>Turns leaf <paramref name="node"/> into a split on <paramref name="feature"/> at bin <paramref name="bin"/>.</summary>
    public void SetSplit(int node, int feature, int bin, double threshold)
    {
        Feature[node] = feature;
        SplitBin[node] = bin;
        Threshold[node] = threshold;
    }

    /// <summary>Writes the nodes on the path of binned row <paramref name="row"/> (root first) into <paramref name="path"/>, which needs MaxDepth + 1 entries.</summary>
    public void Path(ReadOnlySpan<byte> bins, int n, int row, Span<int> path, out int length)
    {
        int node = 0;
        length = 0;
        while (true)
        {
            path[length++] = node;
            if (Feature[node] < 0)
            {
                return;
            }

            node = bins[(Feature[node] * n) + row] <= SplitBin[node] ? Left[node] : Right[node];
        }
    }
}
