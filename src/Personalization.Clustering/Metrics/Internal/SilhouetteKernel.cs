using System.Numerics;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Exact silhouette without the n x n matrix. The points are sorted by cluster into lane-transposed
/// blocks (<see cref="PackedClusters{T}"/>) and cut into panels of 512 slots. A tile pairs a
/// panel of query points with a panel of blocks: each Euclidean distance is computed once, directly
/// from the coordinate differences, and added both to the query's sum for the block's cluster (row
/// role) and to the block point's sum for the query's cluster (column role), so the symmetric work
/// is done once.
/// </summary>
/// <remarks>
/// <para>
/// Tiles run in rounds of a round-robin tournament over the panels (plus one round of diagonal
/// tiles): within a round no two tiles share a panel, so they run in parallel without sharing any
/// sum, and every sum receives its contributions in the fixed round order. The result is therefore
/// identical for any degree of parallelism.
/// </para>
/// <para>
/// Memory is the packed copy (2 n d) plus one double per slot and cluster; when that would exceed
/// <see cref="MirrorSumsLimit"/> (many clusters) the kernel computes each panel's rows against all
/// blocks instead (twice the distance work, a panel of sums per task).
/// </para>
/// </remarks>
internal static partial class SilhouetteKernel
{
    /// <summary>The query points processed together against each block; clusters are padded to a multiple of it.</summary>
    internal const int QueriesPerGroup = 4;

    /// <summary>The most per-slot cluster sums (doubles) the symmetric schedule keeps.</summary>
    internal const long MirrorSumsLimit = 1L << 24;

    private const int PanelSlots = 512;

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
        int panelBlocks = Math.Max(1, PanelSlots / w);
        int panels = (layout.BlockCount + panelBlocks - 1) / panelBlocks;
        using var runner = new ParallelChunkRunner(ParallelChunkRunner.Resolve(maxDegreeOfParallelism));
        if ((long)layout.BlockCount * w * k <= mirrorSumsLimit)
        {
            var work = new SymmetricRounds<T, TVector, TWidth>(layout, panels, panelBlocks);
            work.Round = -1;
            runner.Run(work, panels);
            int players = panels + (panels & 1);
            for (int round = 0; round < players - 1; round++)
            {
                work.Round = round;
                runner.Run(work, players / 2);
            }

            ReadOnlySpan<double> sums = work.Sums;
            for (int slot = 0; slot < layout.SlotToRow.Length; slot++)
            {
                int row = layout.SlotToRow[slot];
                if (row >= 0)
                {
                    destination[row] = FromSums(sums.Slice(slot * k, k), layout.BlockCluster[slot / w], layout.Counts);
                }
            }
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
    /// Round -1: every panel against itself. Round r &gt;= 0: tile i of the circle method's pairing
    /// (panel count rounded up to even; the extra panel is empty and its partner rests).
    /// </summary>
    private sealed class SymmetricRounds<T, TVector, TWidth>(PackedClusters<T> layout, int panels, int panelBlocks) : IChunkWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        private readonly double[] _sums = new double[(long)layout.BlockCount * TWidth.Count * layout.ClusterCount];

        public int Round { get; set; }

        public double[] Sums => _sums;

        public void Execute(int chunk)
        {
            int k = layout.ClusterCount;
            int w = TWidth.Count;
            if (Round < 0)
            {
                (int start, int end) = Blocks(chunk);
                Tile<T, TVector, TWidth>(layout, start, end, start, end, false, _sums.AsSpan(start * w * k), start * w, default, 0);
                return;
            }

            int players = panels + (panels & 1);
            int a = (Round + chunk) % (players - 1);
            int b = chunk == 0 ? players - 1 : (Round - chunk + players - 1) % (players - 1);
            if (a >= panels || b >= panels)
            {
                return;
            }

            (int i0, int i1) = Blocks(Math.Min(a, b));
            (int j0, int j1) = Blocks(Math.Max(a, b));
            Tile<T, TVector, TWidth>(layout, i0, i1, j0, j1, true, _sums.AsSpan(i0 * w * k), i0 * w, _sums.AsSpan(j0 * w * k), j0 * w);
        }

        private (int Start, int End) Blocks(int panel) => (panel * panelBlocks, Math.Min(layout.BlockCount, (panel + 1) * panelBlocks));
    }

    /// <summary>The many-cluster fallback: each panel's rows against every block, sums local to the task.</summary>
    private sealed class PanelRows<T, TVector, TWidth>(PackedClusters<T> layout, int panels, int panelBlocks, double[] destination) : IChunkWork
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
