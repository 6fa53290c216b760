using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Personalization.Clustering.Internal;

/// <summary>The width-generic tile kernel of <see cref="SilhouetteKernel"/>.</summary>
internal static partial class SilhouetteKernel
{
    /// <summary>
    /// Query slots of blocks [i0, i1) against blocks [j0, j1). Row role: each query's distances
    /// summed per block cluster into <paramref name="rowSums"/> (slot - <paramref name="rowBase"/>) * k + c.
    /// Column role (when <paramref name="mirror"/>): each block slot's distances to the queries summed
    /// per query cluster into <paramref name="columnSums"/> (slot - <paramref name="columnBase"/>) * k + c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile<T, TVector, TWidth>(PackedClusters<T> layout, int i0, int i1, int j0, int j1, bool mirror, Span<double> rowSums, int rowBase, Span<double> columnSums, int columnBase)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int w = TWidth.Count;
        int d = layout.Dimensions;
        int k = layout.ClusterCount;
        int blockSize = d * w;

        // Float lanes accumulate at most 16 distances before they are added into double.
        int rowFlush = typeof(T) == typeof(float) ? 16 : int.MaxValue;
        int columnFlush = typeof(T) == typeof(float) ? 4 : int.MaxValue;
        int columnLanes = mirror ? (j1 - j0) * w : 0;
        Span<T> columnAcc = stackalloc T[columnLanes];
        Span<double> columnWide = stackalloc double[columnLanes];
        columnAcc.Clear();
        columnWide.Clear();

        ref T packed = ref MemoryMarshal.GetArrayDataReference(layout.Packed);
        ref T slotRows = ref MemoryMarshal.GetArrayDataReference(layout.SlotRows);
        ref T acc = ref MemoryMarshal.GetReference(columnAcc);
        int[] slotToRow = layout.SlotToRow;
        int[] blockCluster = layout.BlockCluster;
        int[] blockValid = layout.BlockValid;
        int queryCluster = -1;
        int groupsSinceFlush = 0;
        for (int q = i0 * w; q < i1 * w; q += QueriesPerGroup)
        {
            int valid = (slotToRow[q] >= 0 ? 1 : 0) + (slotToRow[q + 1] >= 0 ? 1 : 0) + (slotToRow[q + 2] >= 0 ? 1 : 0) + (slotToRow[q + 3] >= 0 ? 1 : 0);
            if (valid == 0)
            {
                continue;
            }

            int cq = blockCluster[q / w];
            if (mirror && cq != queryCluster)
            {
                FlushColumns(columnAcc, columnWide, columnSums, (j0 * w) - columnBase, k, queryCluster);
                queryCluster = cq;
                groupsSinceFlush = 0;
            }

            ref T x0 = ref Unsafe.Add(ref slotRows, q * d);
            ref T x1 = ref Unsafe.Add(ref x0, d);
            ref T x2 = ref Unsafe.Add(ref x1, d);
            ref T x3 = ref Unsafe.Add(ref x2, d);
            TVector s0 = TWidth.Zero, s1 = s0, s2 = s0, s3 = s0;
            int rowCluster = blockCluster[j0];
            int pending = 0;
            for (int b = j0; b < j1; b++)
            {
                int cb = blockCluster[b];
                if (cb != rowCluster || pending == rowFlush)
                {
                    FlushRows<T, TVector, TWidth>(s0, s1, s2, s3, rowSums, ((q - rowBase) * k) + rowCluster, k);
                    s0 = s1 = s2 = s3 = TWidth.Zero;
                    rowCluster = cb;
                    pending = 0;
                }

                ref T block = ref Unsafe.Add(ref packed, b * blockSize);
                TVector a0 = TWidth.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    TVector v = TWidth.Load(ref block, (nuint)(j * w));
                    TVector e0 = TWidth.Subtract(TWidth.Create(Unsafe.Add(ref x0, j)), v);
                    TVector e1 = TWidth.Subtract(TWidth.Create(Unsafe.Add(ref x1, j)), v);
                    TVector e2 = TWidth.Subtract(TWidth.Create(Unsafe.Add(ref x2, j)), v);
                    TVector e3 = TWidth.Subtract(TWidth.Create(Unsafe.Add(ref x3, j)), v);
                    a0 = TWidth.Fma(e0, e0, a0);
                    a1 = TWidth.Fma(e1, e1, a1);
                    a2 = TWidth.Fma(e2, e2, a2);
                    a3 = TWidth.Fma(e3, e3, a3);
                }

                a0 = TWidth.Sqrt(a0);
                a1 = TWidth.Sqrt(a1);
                a2 = TWidth.Sqrt(a2);
                a3 = TWidth.Sqrt(a3);
                if (blockValid[b] == w)
                {
                    s0 = TWidth.Add(s0, a0);
                    s1 = TWidth.Add(s1, a1);
                    s2 = TWidth.Add(s2, a2);
                    s3 = TWidth.Add(s3, a3);
                }
                else
                {
                    TVector mask = TWidth.FirstLanes(blockValid[b]);
                    s0 = TWidth.Add(s0, TWidth.And(a0, mask));
                    s1 = TWidth.Add(s1, TWidth.And(a1, mask));
                    s2 = TWidth.Add(s2, TWidth.And(a2, mask));
                    s3 = TWidth.Add(s3, TWidth.And(a3, mask));
                }

                pending++;
                if (mirror)
                {
                    // Padding queries (at the end of their cluster) must not reach the block's sums.
                    TVector column = valid switch
                    {
                        1 => a0,
                        2 => TWidth.Add(a0, a1),
                        3 => TWidth.Add(TWidth.Add(a0, a1), a2),
                        _ => TWidth.Add(TWidth.Add(a0, a1), TWidth.Add(a2, a3)),
                    };
                    nuint lane = (nuint)((b - j0) * w);
                    TWidth.Store(TWidth.Add(TWidth.Load(ref acc, lane), column), ref acc, lane);
                }
            }

            FlushRows<T, TVector, TWidth>(s0, s1, s2, s3, rowSums, ((q - rowBase) * k) + rowCluster, k);
            if (mirror && ++groupsSinceFlush == columnFlush)
            {
                Widen(columnAcc, columnWide);
                groupsSinceFlush = 0;
            }
        }

        if (mirror)
        {
            FlushColumns(columnAcc, columnWide, columnSums, (j0 * w) - columnBase, k, queryCluster);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FlushRows<T, TVector, TWidth>(TVector s0, TVector s1, TVector s2, TVector s3, Span<double> rowSums, int index, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        rowSums[index] += double.CreateTruncating(TWidth.Sum(s0));
        rowSums[index + k] += double.CreateTruncating(TWidth.Sum(s1));
        rowSums[index + (2 * k)] += double.CreateTruncating(TWidth.Sum(s2));
        rowSums[index + (3 * k)] += double.CreateTruncating(TWidth.Sum(s3));
    }

    private static void Widen<T>(Span<T> columnAcc, Span<double> columnWide)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int t = 0; t < columnAcc.Length; t++)
        {
            columnWide[t] += double.CreateTruncating(columnAcc[t]);
            columnAcc[t] = T.Zero;
        }
    }

    /// <summary>Adds the column sums gathered for one query cluster into slot-by-cluster storage and clears them.</summary>
    private static void FlushColumns<T>(Span<T> columnAcc, Span<double> columnWide, Span<double> columnSums, int firstSlot, int k, int cluster)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (cluster < 0)
        {
            return;
        }

        Widen(columnAcc, columnWide);
        for (int t = 0; t < columnWide.Length; t++)
        {
            columnSums[((firstSlot + t) * k) + cluster] += columnWide[t];
            columnWide[t] = 0;
        }
    }
}
