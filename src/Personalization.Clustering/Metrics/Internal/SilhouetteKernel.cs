using System.Numerics;
using System.Runtime.Intrinsics;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Exact silhouette without the n x n matrix. The points are sorted by cluster into lane-transposed
/// blocks (<see cref="PackedClusters{T}"/>) and cut into at most 64 panels of 512 to 4,096 slots. A tile pairs a
/// panel of query points with a panel of blocks: each Euclidean distance is computed once, directly
/// from the coordinate differences, and added both to the query's sum for the block's cluster (row
/// role) and to the block point's sum for the query's cluster (column role), so the symmetric work
/// is done once.
/// </summary>
/// <remarks>
/// <para>
/// The task of panel I computes the tiles (I, J) for J &gt;= I. It alone writes the row sums of
/// I's slots, and the column sums a tile (I, J) produces go to a buffer of that pair; at the end
/// each slot adds its row sums and its column parts in panel order. No sum is shared between
/// tasks and the order of every addition is fixed, so the result is identical for any degree of
/// parallelism, and tasks never wait for one another (no barriers, which matters on a busy machine).
/// </para>
/// <para>
/// Memory is the packed copy (2 n d) plus, per slot and cluster, one double of row sums and one of
/// column sums for each earlier panel (at most 32 n k doubles); above
/// <see cref="MirrorSumsLimit"/> (many clusters or very many rows) the kernel computes each
/// panel's rows against all blocks instead (twice the distance work, a panel of sums per task).
/// </para>
/// </remarks>
internal static partial class SilhouetteKernel
{
    /// <summary>The query points processed together against each block; clusters are padded to a multiple of it.</summary>
    internal const int QueriesPerGroup = 4;

    /// <summary>The most per-slot cluster sums (doubles) the symmetric schedule keeps.</summary>
    internal const long MirrorSumsLimit = 1L << 24;

    private const int PanelSlots = 512;

    private const int MaxPanelSlots = 4096;

    private const int MaxPanels = 64;

    /// <summary>Computes the silhouette of every sample into <paramref name="destination"/>.</summary>
    /// <param name="data">Row-major data, n x d.</param>
    /// <param name="n">Rows.</param>
    /// <param name="d">Columns.</param>
    /// <param name="codes">Compact labels 0..k-1.</param>
    /// <param name="k">Number of clusters (at least 2).</param>
    /// <param name="destination">Receives n silhouettes.</param>
    /// <param name="maxDegreeOfParallelism">-1 for all cores.</param>
    public static void Compute<T>(ReadOnlyMemory<T> data, int n, int d, int[] codes, int k, double[] destination, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsAccelerated)
        {
            Compute<T, Vector512<T>, Simd512<T>>(data.Span, n, d, codes, k, destination, maxDegreeOfParallelism, MirrorSumsLimit);
        }
        else if (Simd256<T>.IsAccelerated)
        {
            Compute<T, Vector256<T>, Simd256<T>>(data.Span, n, d, codes, k, destination, maxDegreeOfParallelism, MirrorSumsLimit);
        }
        else
        {
            Compute<T, T, SimdScalar<T>>(data.Span, n, d, codes, k, destination, maxDegreeOfParallelism, MirrorSumsLimit);
        }
    }

    /// <summary>The kernel at one vector width (tests call every width on any machine).</summary>
    internal static void Compute<T, TVector, TWidth>(ReadOnlySpan<T> data, int n, int d, int[] codes, int k, double[] destination, int maxDegreeOfParallelism, long mirrorSumsLimit)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int w = TWidth.Count;
        var layout = PackedClusters<T>.Create(data, n, d, codes, k, w, QueriesPerGroup);
        int panelBlocks = Math.Clamp((layout.BlockCount + MaxPanels - 1) / MaxPanels, Math.Max(1, PanelSlots / w), Math.Max(1, MaxPanelSlots / w));
        int panels = (layout.BlockCount + panelBlocks - 1) / panelBlocks;
        // The persistent backend: its helpers are plain threads, which a busy machine schedules sooner than
        // thread-pool workers (measured: the one-shot backend made the silhouette 15% slower under load).
        using var runner = new ChunkRunner(ChunkParallel.Resolve(maxDegreeOfParallelism));
        long pairs = (long)panels * (panels - 1) / 2;
        if (((long)layout.BlockCount * w * k) + (pairs * panelBlocks * w * k) <= mirrorSumsLimit)
        {
            var work = new SymmetricPanels<T, TVector, TWidth>(layout, panels, panelBlocks);
            runner.Run(in work, (panels + 1) / 2);
            work.Finish(destination);
        }
        else
        {
            runner.Run(new PanelRows<T, TVector, TWidth>(layout, panels, panelBlocks, destination), panels);
        }
    }

    /// <summary>The silhouette of one sample from its summed distances to every cluster (scikit-learn's definition).</summary>
    internal static double FromSums(ReadOnlySpan<double> sums, int own, ReadOnlySpan<int> counts)
    {
        int ownCount = counts[own];
        if (ownCount <= 1)
        {
            return 0;
        }

        double a = sums[own] / (ownCount - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sums.Length; c++)
        {
            if (c != own)
            {
                b = Math.Min(b, sums[c] / counts[c]);
            }
        }

        double denominator = Math.Max(a, b);
        double s = (b - a) / denominator;
        return double.IsFinite(s) ? s : 0;
    }

    /// <summary>
    /// Panel I computes its diagonal tile and its tiles against every later panel J: the row sums of
    /// its own slots (only this task writes them) and, per pair (I, J), the column sums of J's slots
    /// in a buffer of its own. Chunk c runs panels c and panels-1-c, which balances the work.
    /// </summary>
    private readonly struct SymmetricPanels<T, TVector, TWidth>(PackedClusters<T> layout, int panels, int panelBlocks) : IChunkPass
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        private readonly int _pairSize = panelBlocks * TWidth.Count * layout.ClusterCount;
        private readonly double[] _rows = new double[(long)layout.BlockCount * TWidth.Count * layout.ClusterCount];
        private readonly double[] _columns = new double[(long)panels * (panels - 1) / 2 * panelBlocks * TWidth.Count * layout.ClusterCount];

        public void Execute(int chunk)
        {
            Panel(chunk);
            int mirror = panels - 1 - chunk;
            if (mirror != chunk)
            {
                Panel(mirror);
            }
        }

        /// <summary>Adds each slot's row sums and its column parts (in panel order) and writes the silhouettes.</summary>
        public void Finish(double[] destination)
        {
            int k = layout.ClusterCount;
            int w = TWidth.Count;
            Span<double> sums = k <= 256 ? stackalloc double[k] : new double[k];
            for (int panel = 0; panel < panels; panel++)
            {
                (int j0, int j1) = Blocks(panel);
                for (int slot = j0 * w; slot < j1 * w; slot++)
                {
                    int row = layout.SlotToRow[slot];
                    if (row < 0)
                    {
                        continue;
                    }

                    _rows.AsSpan(slot * k, k).CopyTo(sums);
                    for (int earlier = 0; earlier < panel; earlier++)
                    {
                        ReadOnlySpan<double> part = _columns.AsSpan(PairOffset(earlier, panel) + ((slot - (j0 * w)) * k), k);
                        for (int c = 0; c < k; c++)
                        {
                            sums[c] += part[c];
                        }
                    }

                    destination[row] = FromSums(sums, layout.BlockCluster[slot / w], layout.Counts);
                }
            }
        }

        private void Panel(int panel)
        {
            int k = layout.ClusterCount;
            int w = TWidth.Count;
            (int i0, int i1) = Blocks(panel);
            Span<double> rows = _rows.AsSpan(i0 * w * k);
            Tile<T, TVector, TWidth>(layout, i0, i1, i0, i1, false, rows, i0 * w, default, 0);
            for (int other = panel + 1; other < panels; other++)
            {
                (int j0, int j1) = Blocks(other);
                Tile<T, TVector, TWidth>(layout, i0, i1, j0, j1, true, rows, i0 * w, _columns.AsSpan(PairOffset(panel, other), _pairSize), j0 * w);
            }
        }

        // Below MirrorSumsLimit, so it fits an int.
        private int PairOffset(int i, int j) => ((i * panels) - (i * (i + 1) / 2) + (j - i - 1)) * _pairSize;

        private (int Start, int End) Blocks(int panel) => (panel * panelBlocks, Math.Min(layout.BlockCount, (panel + 1) * panelBlocks));
    }

    /// <summary>The many-cluster fallback: each panel's rows against every block, sums local to the task.</summary>
    private readonly struct PanelRows<T, TVector, TWidth>(PackedClusters<T> layout, int panels, int panelBlocks, double[] destination) : IChunkPass
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        public void Execute(int chunk)
        {
            int k = layout.ClusterCount;
            int w = TWidth.Count;
            int start = chunk * panelBlocks;
            int end = Math.Min(layout.BlockCount, start + panelBlocks);
            var sums = new double[(long)(end - start) * w * k];
            for (int p = 0; p < panels; p++)
            {
                int j0 = p * panelBlocks;
                Tile<T, TVector, TWidth>(layout, start, end, j0, Math.Min(layout.BlockCount, j0 + panelBlocks), false, sums, start * w, default, 0);
            }

            for (int slot = start * w; slot < end * w; slot++)
            {
                int row = layout.SlotToRow[slot];
                if (row >= 0)
                {
                    destination[row] = FromSums(sums.AsSpan((slot - (start * w)) * k, k), layout.BlockCluster[slot / w], layout.Counts);
                }
            }
        }
    }
}
