using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The data sorted by cluster into slots, each cluster padded with zero rows to a whole number of
/// <c>width</c>-lane blocks (and of the alignment the kernel's query groups need): <see cref="Packed"/> holds block b as d rows of <c>width</c> lanes
/// (lane-transposed), <see cref="SlotRows"/> the same slots row-major. A block never mixes clusters.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class PackedClusters<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private PackedClusters(int width, int dimensions, int[] counts, int[] blockStart)
    {
        Width = width;
        Dimensions = dimensions;
        Counts = counts;
        BlockStart = blockStart;
        int blocks = blockStart[^1];
        Packed = new T[(long)blocks * dimensions * width];
        SlotRows = new T[(long)blocks * width * dimensions];
        SlotToRow = new int[blocks * width];
        BlockCluster = new int[blocks];
        BlockValid = new int[blocks];
    }

    /// <summary>Gets the lanes per block.</summary>
    public int Width { get; }

    public int Dimensions { get; }

    public int ClusterCount => Counts.Length;

    public int BlockCount => BlockStart[^1];

    /// <summary>Gets the number of points in each cluster.</summary>
    public int[] Counts { get; }

    /// <summary>Gets the first block of each cluster; entry k is the block count.</summary>
    public int[] BlockStart { get; }

    /// <summary>Gets the lane-transposed blocks: element (b, j, lane) at (b * d + j) * width + lane.</summary>
    public T[] Packed { get; }

    /// <summary>Gets the slots row-major (padding rows zero).</summary>
    public T[] SlotRows { get; }

    /// <summary>Gets the data row of each slot, -1 for padding.</summary>
    public int[] SlotToRow { get; }

    /// <summary>Gets the cluster of each block.</summary>
    public int[] BlockCluster { get; }

    /// <summary>Gets the number of real (non-padding) lanes of each block.</summary>
    public int[] BlockValid { get; }

    /// <summary>Packs the data; each cluster is padded to a multiple of <paramref name="alignment"/> slots (a multiple or divisor of the power-of-two <paramref name="width"/>).</summary>
    public static PackedClusters<T> Create(ReadOnlySpan<T> data, int n, int d, ReadOnlySpan<int> codes, int k, int width, int alignment)
    {
        int unit = Math.Max(width, alignment);
        var counts = new int[k];
        for (int i = 0; i < n; i++)
        {
            counts[codes[i]]++;
        }

        var blockStart = new int[k + 1];
        for (int c = 0; c < k; c++)
        {
            blockStart[c + 1] = blockStart[c] + ((counts[c] + unit - 1) / unit * (unit / width));
        }

        var layout = new PackedClusters<T>(width, d, counts, blockStart);
        layout.SlotToRow.AsSpan().Fill(-1);
        for (int c = 0; c < k; c++)
        {
            for (int b = blockStart[c]; b < blockStart[c + 1]; b++)
            {
                layout.BlockCluster[b] = c;
                layout.BlockValid[b] = Math.Clamp(counts[c] - ((b - blockStart[c]) * width), 0, width);
            }
        }

        var fill = new int[k];
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            int p = fill[c]++;
            int block = blockStart[c] + (p / width);
            int lane = p % width;
            int slot = (block * width) + lane;
            layout.SlotToRow[slot] = i;
            ReadOnlySpan<T> row = data.Slice(i * d, d);
            row.CopyTo(layout.SlotRows.AsSpan(slot * d, d));
            for (int j = 0; j < d; j++)
            {
                layout.Packed[(((long)block * d) + j) * width + lane] = row[j];
            }
        }

        return layout;
    }
}
