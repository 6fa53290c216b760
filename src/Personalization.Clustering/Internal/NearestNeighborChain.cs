using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The nearest-neighbour-chain algorithm (Müllner 2011, SciPy's <c>nn_chain</c>): follow nearest
/// neighbours until two clusters are mutual nearest neighbours, merge them, continue. O(n^2) time for
/// reducible linkages (ward, complete, average). Ties prefer the previous chain element, then the
/// lowest cluster slot, exactly as SciPy.
/// </summary>
internal static class NearestNeighborChain
{
    /// <summary>Complete or average linkage over a condensed distance matrix, which is overwritten.</summary>
    public static void Condensed(double[] distances, int n, Linkage linkage, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
    {
        var size = new int[n];
        Array.Fill(size, 1);
        var chain = new int[n];
        var active = new ActiveSlots(n);
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (chainLength == 0)
            {
                chain[0] = active.First();
                chainLength = 1;
            }

            int x;
            int y;
            double currentMin;
            while (true)
            {
                x = chain[chainLength - 1];
                if (chainLength > 1)
                {
                    y = chain[chainLength - 2];
                    currentMin = distances[Index(n, x, y)];
                }
                else
                {
                    y = -1;
                    currentMin = double.PositiveInfinity;
                }

                ReadOnlySpan<int> slots = active.Slots;
                for (int s = 0; s < slots.Length; s++)
                {
                    int i = slots[s];
                    if (i == x)
                    {
                        continue;
                    }

                    double dist = distances[Index(n, x, i)];
                    if (dist < currentMin)
                    {
                        currentMin = dist;
                        y = i;
                    }
                }

                if (chainLength > 1 && y == chain[chainLength - 2])
                {
                    break;
                }

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
            size[x] = 0;
            size[y] = nx + ny;
            active.Remove(x);

            ReadOnlySpan<int> remaining = active.Slots;
            for (int s = 0; s < remaining.Length; s++)
            {
                int i = remaining[s];
                if (i == y)
                {
                    continue;
                }

                long iy = Index(n, i, y);
                double dxi = distances[Index(n, i, x)];
                double dyi = distances[iy];
                distances[iy] = linkage == Linkage.Complete
                    ? Math.Max(dxi, dyi)
                    : ((nx * dxi) + (ny * dyi)) / (nx + ny);
            }
        }
    }

    /// <summary>
    /// Ward linkage from cluster means: d(A, B)^2 = 2 |A||B| / (|A| + |B|) ||mean_A - mean_B||^2. No
    /// distance matrix; O(n d) memory and O(n^2 d) time.
    /// </summary>
    public static void Ward<T>(ReadOnlySpan<T> data, int n, int d, int[] left, int[] right, double[] heights, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int stride = Stride(d);
        var means = new double[(long)n * stride];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                means[((long)i * stride) + j] = double.CreateTruncating(data[(i * d) + j]);
            }
        }

        var size = new int[n];
        Array.Fill(size, 1);
        var chain = new int[n];
        var active = new ActiveSlots(n);
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (chainLength == 0)
            {
                chain[0] = active.First();
                chainLength = 1;
            }

            int x;
            int y;
            double currentMin;
            while (true)
            {
                x = chain[chainLength - 1];
                ReadOnlySpan<double> mx = means.AsSpan(x * stride, stride);
                double sx = size[x];
                if (chainLength > 1)
                {
                    y = chain[chainLength - 2];
                    currentMin = WardSquared(mx, sx, means.AsSpan(y * stride, stride), size[y]);
                }
                else
                {
                    y = -1;
                    currentMin = double.PositiveInfinity;
                }

                ReadOnlySpan<int> slots = active.Slots;
                for (int s = 0; s < slots.Length; s++)
                {
                    int i = slots[s];
                    if (i == x)
                    {
                        continue;
                    }

                    double dist = WardSquared(mx, sx, means.AsSpan(i * stride, stride), size[i]);
                    if (dist < currentMin)
                    {
                        currentMin = dist;
                        y = i;
                    }
                }

                if (chainLength > 1 && y == chain[chainLength - 2])
                {
                    break;
                }

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
            heights[k] = Math.Sqrt(currentMin);
            Span<double> my = means.AsSpan(y * stride, stride);
            ReadOnlySpan<double> mxOld = means.AsSpan(x * stride, stride);
            double total = nx + ny;
            for (int j = 0; j < d; j++)
            {
                my[j] = ((nx * mxOld[j]) + (ny * my[j])) / total;
            }

            size[x] = 0;
            size[y] = nx + ny;
            active.Remove(x);
        }
    }

    private static int Stride(int d)
    {
        int width = Vector512.IsHardwareAccelerated ? Vector512<double>.Count : Vector256<double>.Count;
        return (d + width - 1) / width * width;
    }

    private static double WardSquared(ReadOnlySpan<double> a, double sa, ReadOnlySpan<double> b, double sb)
    {
        double squared = SquaredDistancePadded(a, b);
        return 2.0 * sa * sb / (sa + sb) * squared;
    }

    /// <summary>Squared distance of two zero-padded rows whose length is a multiple of the vector width.</summary>
    private static double SquaredDistancePadded(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> acc = Vector512<double>.Zero;
            for (int j = 0; j < a.Length; j += Vector512<double>.Count)
            {
                Vector512<double> e = Vector512.LoadUnsafe(ref ra, (nuint)j) - Vector512.LoadUnsafe(ref rb, (nuint)j);
                acc = Vector512.FusedMultiplyAdd(e, e, acc);
            }

            return Vector512.Sum(acc);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> acc = Vector256<double>.Zero;
            for (int j = 0; j < a.Length; j += Vector256<double>.Count)
            {
                Vector256<double> e = Vector256.LoadUnsafe(ref ra, (nuint)j) - Vector256.LoadUnsafe(ref rb, (nuint)j);
                acc = Vector256.FusedMultiplyAdd(e, e, acc);
            }

            return Vector256.Sum(acc);
        }

        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double e = a[j] - b[j];
            sum += e * e;
        }

        return sum;
    }

    private static long Index(int n, int a, int b) => a < b ? CondensedDistances.Index(n, a, b) : CondensedDistances.Index(n, b, a);
}

/// <summary>The live cluster slots in ascending order, compacted lazily so scans skip dead slots.</summary>
internal sealed class ActiveSlots
{
    private readonly int[] _slots;
    private readonly bool[] _dead;
    private int _count;
    private int _deadInList;

    public ActiveSlots(int n)
    {
        _slots = new int[n];
        _dead = new bool[n];
        for (int i = 0; i < n; i++)
        {
            _slots[i] = i;
        }

        _count = n;
    }

    /// <summary>Gets the live slots in ascending order (compacted after removals).</summary>
    public ReadOnlySpan<int> Slots
    {
        get
        {
            if (_deadInList > 0)
            {
                Compact();
            }

            return _slots.AsSpan(0, _count);
        }
    }

    public int First() => Slots[0];

    public void Remove(int slot)
    {
        _dead[slot] = true;
        _deadInList++;
    }

    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _count; r++)
        {
            int s = _slots[r];
            if (!_dead[s])
            {
                _slots[w++] = s;
            }
        }

        _count = w;
        _deadInList = 0;
    }
}
