using System.Globalization;

namespace Personalization.Clustering;

/// <summary>
/// The full merge tree of an agglomerative clustering, in SciPy's linkage-matrix convention: leaves
/// are 0..n-1, the cluster formed by merge i is n + i, merges are sorted by height (stable for ties),
/// and each merge lists the smaller id first.
/// </summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
public sealed class LinkageTree
{
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _heights;
    private readonly int[] _sizes;

    /// <summary>Creates a tree from merges in SciPy's convention (validated).</summary>
    /// <param name="leafCount">The number of leaves n, at least 1.</param>
    /// <param name="left">The first id merged at each step (n - 1 values).</param>
    /// <param name="right">The second id merged at each step.</param>
    /// <param name="heights">The merge heights, non-decreasing.</param>
    /// <param name="sizes">The number of leaves under each new cluster.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leafCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">An array does not have n - 1 values, an id does not exist yet or is used twice, a size is wrong, or the heights are not finite and non-decreasing.</exception>
    public LinkageTree(int leafCount, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<double> heights, ReadOnlySpan<int> sizes)
    {
        if (leafCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(leafCount), leafCount, "leafCount must be at least 1.");
        }

        int m = leafCount - 1;
        if (left.Length != m || right.Length != m || heights.Length != m || sizes.Length != m)
        {
            throw new ArgumentException($"A tree over {leafCount} leaves has {m} merges, but left, right, heights and sizes have {left.Length}, {right.Length}, {heights.Length} and {sizes.Length} values.", nameof(left));
        }

        var used = new bool[(2 * leafCount) - 1];
        var size = new int[(2 * leafCount) - 1];
        for (int i = 0; i < leafCount; i++)
        {
            size[i] = 1;
        }

        for (int i = 0; i < m; i++)
        {
            int a = left[i];
            int b = right[i];
            int next = leafCount + i;
            if (a < 0 || b < 0 || a >= next || b >= next || a == b || used[a] || used[b])
            {
                throw new ArgumentException($"Merge {i} joins ids {a} and {b}; each must be an existing, not yet merged cluster below {next}.", nameof(left));
            }

            if (!double.IsFinite(heights[i]) || (i > 0 && heights[i] < heights[i - 1]))
            {
                throw new ArgumentException($"heights[{i}] is {heights[i]}; heights must be finite and non-decreasing.", nameof(heights));
            }

            used[a] = used[b] = true;
            size[next] = size[a] + size[b];
            if (sizes[i] != size[next])
            {
                throw new ArgumentException($"sizes[{i}] is {sizes[i]} but the merged cluster has {size[next]} leaves.", nameof(sizes));
            }
        }

        LeafCount = leafCount;
        _left = left.ToArray();
        _right = right.ToArray();
        _heights = heights.ToArray();
        _sizes = sizes.ToArray();
    }

    private LinkageTree(int leafCount, int[] left, int[] right, double[] heights, int[] sizes, bool trusted)
    {
        _ = trusted;
        LeafCount = leafCount;
        _left = left;
        _right = right;
        _heights = heights;
        _sizes = sizes;
    }

    /// <summary>Gets the number of leaves (clustered rows).</summary>
    public int LeafCount { get; }

    /// <summary>Gets the number of merges, <see cref="LeafCount"/> - 1.</summary>
    public int MergeCount => LeafCount - 1;

    /// <summary>Gets the first id merged at each step (SciPy's <c>Z[:, 0]</c>).</summary>
    public ReadOnlySpan<int> Left => _left;

    /// <summary>Gets the second id merged at each step (SciPy's <c>Z[:, 1]</c>).</summary>
    public ReadOnlySpan<int> Right => _right;

    /// <summary>Gets the merge heights, non-decreasing (SciPy's <c>Z[:, 2]</c>).</summary>
    public ReadOnlySpan<double> Heights => _heights;

    /// <summary>Gets the number of leaves under each new cluster (SciPy's <c>Z[:, 3]</c>).</summary>
    public ReadOnlySpan<int> Sizes => _sizes;

    /// <summary>Returns the tree as SciPy's (n - 1) x 4 linkage matrix: left id, right id, height, size.</summary>
    /// <returns>A new array.</returns>
    public double[,] ToLinkageMatrix()
    {
        var z = new double[MergeCount, 4];
        for (int i = 0; i < MergeCount; i++)
        {
            z[i, 0] = _left[i];
            z[i, 1] = _right[i];
            z[i, 2] = _heights[i];
            z[i, 3] = _sizes[i];
        }

        return z;
    }

    /// <summary>Cuts the tree into exactly <paramref name="clusterCount"/> clusters.</summary>
    /// <param name="clusterCount">The number of clusters, between 1 and <see cref="LeafCount"/>.</param>
    /// <returns>One label per leaf, 0 to <paramref name="clusterCount"/> - 1, numbered in order of first appearance by row.</returns>
    /// <remarks>
    /// Undoes the last k - 1 merges (equivalently keeps the first n - k). Without tied heights this is
    /// SciPy's <c>fcluster(Z, k, "maxclust")</c> up to renaming; with ties at the cut SciPy may return
    /// fewer than k clusters, whereas this method always returns exactly k (ties broken by merge order).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clusterCount"/> is outside [1, <see cref="LeafCount"/>].</exception>
    public int[] Cut(int clusterCount)
    {
        if (clusterCount < 1 || clusterCount > LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(clusterCount), clusterCount, $"clusterCount must be between 1 and the leaf count {LeafCount}, but was {clusterCount}.");
        }

        return Labels(LeafCount - clusterCount);
    }

    /// <summary>Cuts the tree at a height: merges at or below <paramref name="height"/> are kept.</summary>
    /// <param name="height">The cut height, finite.</param>
    /// <returns>One label per leaf, numbered in order of first appearance by row.</returns>
    /// <remarks>Equals SciPy's <c>fcluster(Z, height, "distance")</c> up to renaming (heights are monotone for all four linkages).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is NaN or infinite.</exception>
    public int[] CutAtHeight(double height) => Labels(MergesAtOrBelow(height));

    /// <summary>Returns how many clusters a cut at <paramref name="height"/> gives.</summary>
    /// <param name="height">The cut height, finite.</param>
    /// <returns>The cluster count, n minus the number of merges at or below the height.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is NaN or infinite.</exception>
    public int ClusterCountAtHeight(double height) => LeafCount - MergesAtOrBelow(height);

    /// <summary>Returns the tree in SciPy's linkage-matrix text form, one merge per line.</summary>
    /// <returns>Lines "left right height size" with invariant culture.</returns>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < MergeCount; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{_left[i]} {_right[i]} {_heights[i]:R} {_sizes[i]}\n");
        }

        return builder.ToString();
    }

    internal static LinkageTree FromTrusted(int leafCount, int[] left, int[] right, double[] heights, int[] sizes) =>
        new(leafCount, left, right, heights, sizes, trusted: true);

    private int MergesAtOrBelow(double height)
    {
        if (!double.IsFinite(height))
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, "height must be a finite number.");
        }

        int count = 0;
        while (count < MergeCount && _heights[count] <= height)
        {
            count++;
        }

        return count;
    }

    private int[] Labels(int mergesToApply)
    {
        int n = LeafCount;
        var parent = new int[(2 * n) - 1];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        for (int i = 0; i < mergesToApply; i++)
        {
            parent[_left[i]] = n + i;
            parent[_right[i]] = n + i;
        }

        var rootLabel = new Dictionary<int, int>();
        var labels = new int[n];
        for (int leaf = 0; leaf < n; leaf++)
        {
            int root = leaf;
            while (parent[root] != root)
            {
                root = parent[root];
            }

            // Path compression keeps this linear overall.
            int node = leaf;
            while (parent[node] != root)
            {
                int next = parent[node];
                parent[node] = root;
                node = next;
            }

            if (!rootLabel.TryGetValue(root, out int label))
            {
                label = rootLabel.Count;
                rootLabel[root] = label;
            }

            labels[leaf] = label;
        }

        return labels;
    }
}
