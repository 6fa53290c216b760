using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Complete and average linkage by the nearest-neighbour chain (Müllner 2011, SciPy's
/// <c>nn_chain</c>) over <see cref="DistanceRows"/>: follow nearest neighbours until two clusters
/// are mutual nearest neighbours, merge them, continue. Ties prefer the previous chain element, then
/// the lowest cluster slot, exactly as SciPy; the merged cluster takes the larger slot.
/// </summary>
/// <remarks>
/// <para>
/// A condensed matrix keeps only the upper-triangle part of each row contiguous, so every
/// nearest-neighbour scan and every Lance-Williams update strides through memory, one cache line
/// and TLB entry per entry. Here every live cluster owns a full row: the scan of row x and the
/// update of the merged row are sequential, vectorised passes.
/// </para>
/// <para>
/// The other half of an update (column y of every other row) is not written at merge time.
/// Instead each merge is appended to a log, and a row replays the log entries it has not seen
/// (<c>row[y] = f(row[x], row[y]); row[x] = +inf</c>) just before it is scanned or merged. The
/// replay performs the same operations on the same operands, in the same order, as SciPy's eager
/// in-place update, so the two copies of every pair stay bitwise equal; but it touches only the one
/// row, which is read next anyway. Dead clusters read as <c>+inf</c>, so scans need no liveness test.
/// </para>
/// <para>
/// A point's row is built only when the chain first reaches it (its distances to all points, then
/// the whole log replayed), and the rows of merged-away clusters are reused, so the memory is one
/// row per live cluster the chain has visited: typically a fraction of n^2 doubles, at most n^2.
/// </para>
/// </remarks>
internal static class NearestNeighborChain
{
    private const int PrefetchThreshold = 64;


    /// <summary>Builds the merges of complete or average linkage of the points behind <paramref name="points"/>.</summary>
    public static void Build(DistanceRows points, int n, Linkage linkage, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
    {
        bool average = linkage == Linkage.Average;
        var rows = new double[n][];
        var spare = new Stack<double[]>();
        var size = new int[n];
        Array.Fill(size, 1);
        var chain = new int[n];
        var seen = new int[n];
        var log = new MergeRecord[n - 1];
        int firstAlive = 0;
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (chainLength == 0)
            {
                while (size[firstAlive] == 0)
                {
                    firstAlive++;
                }

                chain[0] = firstAlive;
                chainLength = 1;
            }

            int x;
            int y;
            double currentMin;
            while (true)
            {
                x = chain[chainLength - 1];
                double[] row = rows[x] ??= Materialize(points, x, spare);
                Replay(row, ref seen[x], k, log, average);
                double min = RowMinimum(row);
                if (chainLength > 1 && !(min < row[chain[chainLength - 2]]))
                {
                    y = chain[chainLength - 2];
                    currentMin = row[y];
                    break;
                }

                y = double.IsPositiveInfinity(min) ? FirstOtherAlive(size, x) : FirstIndexOf(row, min);
                currentMin = min;
                chain[chainLength++] = y;
            }

            chainLength -= 2;
            if (x > y)
            {
                (x, y) = (y, x);
            }

            int nx = size[x];
            int ny = size[y];
            left[k] = x;
            right[k] = y;
            heights[k] = currentMin;

            double[] rowX = rows[x];
            double[] rowY = rows[y];
            Replay(rowX, ref seen[x], k, log, average);
            Replay(rowY, ref seen[y], k, log, average);
            MergeRows(rowX, rowY, nx, ny, average);
            rowY[x] = double.PositiveInfinity;
            rowY[y] = double.PositiveInfinity;
            rows[x] = null!;
            spare.Push(rowX);
            log[k] = new MergeRecord(x, y, nx, ny);
            seen[y] = k + 1;
            size[x] = 0;
            size[y] = nx + ny;
        }
    }

    /// <summary>
    /// The row of a point not scanned before: its distances to every point, which replaying the
    /// whole log then brings up to date. Rows of merged-away clusters are reused.
    /// </summary>
    private static double[] Materialize(DistanceRows points, int slot, Stack<double[]> spare)
    {
        // Pinned (POH): rows are just under the large-object threshold at n = 10,000, and the GC
        // would otherwise copy hundreds of megabytes of them through gen0 and gen1.
        double[] row = spare.Count > 0 ? spare.Pop() : GC.AllocateUninitializedArray<double>(points.Length, pinned: true);
        points.Fill(slot, row);
        return row;
    }

    /// <summary>Applies the merges <paramref name="seen"/>..<paramref name="count"/>-1 of the log to one row.</summary>
    private static void Replay(double[] row, ref int seen, int count, MergeRecord[] log, bool average)
    {
        if (count - seen > PrefetchThreshold)
        {
            // A long replay touches random entries of a row that is usually in memory, not cache:
            // stream the row in first (sequential, prefetcher-friendly), then the replay hits cache.
            _ = RowMinimum(row);
        }

        if (average)
        {
            Replay<AverageRule>(row, seen, count, log);
        }
        else
        {
            Replay<CompleteRule>(row, seen, count, log);
        }

        seen = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Replay<TRule>(double[] row, int from, int to, MergeRecord[] log)
        where TRule : struct, IMergeRule
    {
        ref double r = ref MemoryMarshal.GetArrayDataReference(row);
        ref MergeRecord entry = ref MemoryMarshal.GetArrayDataReference(log);
        for (int m = from; m < to; m++)
        {
            ref MergeRecord e = ref Unsafe.Add(ref entry, m);
            ref double dx = ref Unsafe.Add(ref r, e.X);
            ref double dy = ref Unsafe.Add(ref r, e.Y);
            dy = TRule.Combine(dx, dy, e.SizeX, e.SizeY, e.Total);
            dx = double.PositiveInfinity;
        }
    }

    /// <summary>
    /// rowY = f(rowX, rowY) lane by lane: the maximum, or (nx * dx + ny * dy) / (nx + ny) with the
    /// same operation order as the scalar replay and SciPy (no fused multiply-add), so both agree bitwise.
    /// </summary>
    private static void MergeRows(double[] rowX, double[] rowY, int nx, int ny, bool average)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            MergeRows<Vector512<double>, Simd512<double>>(rowX, rowY, nx, ny, average);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            MergeRows<Vector256<double>, Simd256<double>>(rowX, rowY, nx, ny, average);
        }
        else
        {
            double total = nx + ny;
            for (int j = 0; j < rowY.Length; j++)
            {
                rowY[j] = average ? ((nx * rowX[j]) + (ny * rowY[j])) / total : Math.Max(rowX[j], rowY[j]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeRows<TVector, TWidth>(double[] rowX, double[] rowY, int nx, int ny, bool average)
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, double>
    {
        ref double rx = ref MemoryMarshal.GetArrayDataReference(rowX);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(rowY);
        int w = TWidth.Count;
        if (average)
        {
            TVector sx = TWidth.Create(nx);
            TVector sy = TWidth.Create(ny);
            TVector total = TWidth.Create(nx + ny);
            for (int j = 0; j < rowY.Length; j += w)
            {
                TVector a = TWidth.Multiply(sx, TWidth.Load(ref rx, (nuint)j));
                TVector b = TWidth.Multiply(sy, TWidth.Load(ref ry, (nuint)j));
                TWidth.Store(TWidth.Divide(TWidth.Add(a, b), total), ref ry, (nuint)j);
            }
        }
        else
        {
            for (int j = 0; j < rowY.Length; j += w)
            {
                TWidth.Store(TWidth.Max(TWidth.Load(ref rx, (nuint)j), TWidth.Load(ref ry, (nuint)j)), ref ry, (nuint)j);
            }
        }
    }

    /// <summary>The smallest entry of a row (its length is a multiple of four vectors).</summary>
    private static double RowMinimum(double[] row)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return RowMinimum<Vector512<double>, Simd512<double>>(row);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return RowMinimum<Vector256<double>, Simd256<double>>(row);
        }

        double min = double.PositiveInfinity;
        foreach (double v in row)
        {
            min = v < min ? v : min;
        }

        return min;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double RowMinimum<TVector, TWidth>(double[] row)
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, double>
    {
        ref double r = ref MemoryMarshal.GetArrayDataReference(row);
        int w = TWidth.Count;
        TVector m0 = TWidth.Create(double.PositiveInfinity);
        TVector m1 = m0;
        TVector m2 = m0;
        TVector m3 = m0;
        for (int j = 0; j < row.Length; j += 4 * w)
        {
            m0 = TWidth.Min(m0, TWidth.Load(ref r, (nuint)j));
            m1 = TWidth.Min(m1, TWidth.Load(ref r, (nuint)(j + w)));
            m2 = TWidth.Min(m2, TWidth.Load(ref r, (nuint)(j + (2 * w))));
            m3 = TWidth.Min(m3, TWidth.Load(ref r, (nuint)(j + (3 * w))));
        }

        return TWidth.MinAcross(TWidth.Min(TWidth.Min(m0, m1), TWidth.Min(m2, m3)));
    }

    /// <summary>The first slot whose entry equals <paramref name="value"/> (which the row contains).</summary>
    private static int FirstIndexOf(double[] row, double value)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            return FirstIndexOf<Vector512<double>, Simd512<double>>(row, value);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return FirstIndexOf<Vector256<double>, Simd256<double>>(row, value);
        }

        for (int j = 0; j < row.Length; j++)
        {
            if (row[j] == value)
            {
                return j;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstIndexOf<TVector, TWidth>(double[] row, double value)
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, double>
    {
        ref double r = ref MemoryMarshal.GetArrayDataReference(row);
        TVector target = TWidth.Create(value);
        for (int j = 0; j < row.Length; j += TWidth.Count)
        {
            ulong mask = TWidth.EqualsMask(TWidth.Load(ref r, (nuint)j), target);
            if (mask != 0)
            {
                return j + System.Numerics.BitOperations.TrailingZeroCount(mask);
            }
        }

        return -1;
    }

    /// <summary>SciPy's fallback when every distance is infinite (overflowing data): the first other live slot.</summary>
    private static int FirstOtherAlive(int[] size, int x)
    {
        for (int i = 0; i < size.Length; i++)
        {
            if (i != x && size[i] != 0)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One merge of the log: slot x joined slot y (which keeps the cluster), with their sizes before the merge.</summary>
internal readonly struct MergeRecord(int x, int y, double sizeX, double sizeY)
{
    public readonly int X = x;
    public readonly int Y = y;
    public readonly double SizeX = sizeX;
    public readonly double SizeY = sizeY;
    public readonly double Total = sizeX + sizeY;
}

/// <summary>The Lance-Williams update of one linkage, d(x u y, i) from d(x, i) and d(y, i).</summary>
internal interface IMergeRule
{
    static abstract double Combine(double dx, double dy, double sizeX, double sizeY, double total);
}

/// <summary>Average linkage: (n_x d_x + n_y d_y) / (n_x + n_y), in SciPy's operation order.</summary>
internal readonly struct AverageRule : IMergeRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Combine(double dx, double dy, double sizeX, double sizeY, double total) => ((sizeX * dx) + (sizeY * dy)) / total;
}

/// <summary>Complete linkage: max(d_x, d_y).</summary>
internal readonly struct CompleteRule : IMergeRule
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Combine(double dx, double dy, double sizeX, double sizeY, double total) => Math.Max(dx, dy);
}
