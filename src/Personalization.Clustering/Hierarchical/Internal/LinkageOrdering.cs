namespace Personalization.Clustering.Internal;

/// <summary>Turns raw merges (slot pairs, heights) into SciPy's linkage-matrix convention.</summary>
internal static class LinkageOrdering
{
    /// <summary>
    /// Stable-sorts the merges by height and relabels them with a union-find: leaves are 0..n-1 and the
    /// cluster formed by merge i is n + i; each row lists the smaller id first (SciPy's <c>label</c>).
    /// </summary>
    public static void SortAndLabel(int n, int[] left, int[] right, double[] heights, out int[] sortedLeft, out int[] sortedRight, out double[] sortedHeights, out int[] sizes)
    {
        int m = n - 1;
        var order = new int[m];
        for (int i = 0; i < m; i++)
        {
            order[i] = i;
        }

        // Stable: ties keep the order in which the algorithm produced them (SciPy uses a mergesort).
        var keys = (double[])heights.Clone();
        Array.Sort(keys, order, Comparer<double>.Create(static (a, b) => a.CompareTo(b)));
        StableFix(keys, order);

        sortedLeft = new int[m];
        sortedRight = new int[m];
        sortedHeights = new double[m];
        sizes = new int[m];
        var parent = new int[(2 * n) - 1];
        var size = new int[(2 * n) - 1];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
            size[i] = i < n ? 1 : 0;
        }

        int next = n;
        for (int i = 0; i < m; i++)
        {
            int o = order[i];
            int x = Find(parent, left[o]);
            int y = Find(parent, right[o]);
            sortedLeft[i] = Math.Min(x, y);
            sortedRight[i] = Math.Max(x, y);
            sortedHeights[i] = heights[o];
            parent[x] = next;
            parent[y] = next;
            size[next] = size[x] + size[y];
            sizes[i] = size[next];
            next++;
        }
    }

    private static void StableFix(double[] keys, int[] order)
    {
        // Array.Sort is not stable: within runs of equal keys, restore ascending original index.
        int start = 0;
        for (int i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i].CompareTo(keys[start]) != 0)
            {
                if (i - start > 1)
                {
                    Array.Sort(order, start, i - start);
                }

                start = i;
            }
        }
    }

    private static int Find(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != root)
        {
            root = parent[root];
        }

        while (parent[x] != root)
        {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }

        return root;
    }
}
