using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// Rows of the Euclidean distance matrix of a point set, one point at a time: row i holds the
/// distances from point i to every point, <c>+inf</c> on the diagonal and in the padding up to
/// <see cref="PaddedLength"/>. The data is copied once to double, transposed in tiles of 64 points,
/// so each row is a vectorised stream over the tiles.
/// </summary>
/// <remarks>
/// Each distance sums the squared coordinate differences in column order with fused
/// multiply-adds in double, the same operations in every lane and for either order of the pair, so
/// row i's entry j is bitwise row j's entry i.
/// </remarks>
internal sealed class DistanceRows
{
    private const int Tile = 64;

    private readonly double[] _rowMajor;
    private readonly double[] _packed;
    private readonly int _n;
    private readonly int _d;

    public DistanceRows(ReadOnlySpan<double> data, int n, int d)
        : this(n, d)
    {
        data.CopyTo(_rowMajor);
        Pack();
    }

    private DistanceRows(int n, int d)
    {
        _n = n;
        _d = d;
        _rowMajor = new double[(long)n * d];
        _packed = new double[(long)PaddedLength(n) * d];
    }

    /// <summary>Gets the row length: n rounded up to whole tiles of 64.</summary>
    public int Length => PaddedLength(_n);

    /// <summary>Returns the row length for <paramref name="n"/> points.</summary>
    public static int PaddedLength(int n) => (n + Tile - 1) / Tile * Tile;

    public static DistanceRows Create<T>(ReadOnlySpan<T> data, int n, int d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return new DistanceRows(MemoryMarshal.Cast<T, double>(data), n, d);
        }

        var rows = new DistanceRows(n, d);
        for (int i = 0; i < rows._rowMajor.Length; i++)
        {
            rows._rowMajor[i] = double.CreateTruncating(data[i]);
        }

        rows.Pack();
        return rows;
    }

    /// <summary>Writes the distances from point <paramref name="i"/> to every point into <paramref name="row"/> (length <see cref="Length"/>).</summary>
    public void Fill(int i, double[] row)
    {
        ReadOnlySpan<double> x = _rowMajor.AsSpan(i * _d, _d);
        for (int start = 0; start < row.Length; start += Tile)
        {
            ReadOnlySpan<double> block = _packed.AsSpan(start * _d, _d * Tile);
            Span<double> destination = row.AsSpan(start, Tile);
            if (Simd512<double>.IsAccelerated)
            {
                TileDistances<Vector512<double>, Simd512<double>>(x, block, destination);
            }
            else if (Simd256<double>.IsAccelerated)
            {
                TileDistances<Vector256<double>, Simd256<double>>(x, block, destination);
            }
            else
            {
                TileDistancesScalar(x, block, destination);
            }
        }

        row[i] = double.PositiveInfinity;
        row.AsSpan(_n).Fill(double.PositiveInfinity);
    }

    private void Pack()
    {
        for (int i = 0; i < _n; i++)
        {
            int tile = i / Tile;
            int lane = i % Tile;
            for (int k = 0; k < _d; k++)
            {
                _packed[((((long)tile * _d) + k) * Tile) + lane] = _rowMajor[((long)i * _d) + k];
            }
        }
    }

    /// <summary>Distances from one point to the 64 points of a tile-transposed block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileDistances<TVector, TWidth>(ReadOnlySpan<double> x, ReadOnlySpan<double> block, Span<double> destination)
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, double>
    {
        ref double b = ref MemoryMarshal.GetReference(block);
        ref double dst = ref MemoryMarshal.GetReference(destination);
        int w = TWidth.Count;
        for (int lane = 0; lane < Tile; lane += 4 * w)
        {
            TVector acc0 = TWidth.Zero;
            TVector acc1 = TWidth.Zero;
            TVector acc2 = TWidth.Zero;
            TVector acc3 = TWidth.Zero;
            for (int k = 0; k < x.Length; k++)
            {
                TVector xk = TWidth.Create(x[k]);
                nuint offset = (nuint)((k * Tile) + lane);
                TVector e0 = TWidth.Subtract(xk, TWidth.Load(ref b, offset));
                TVector e1 = TWidth.Subtract(xk, TWidth.Load(ref b, offset + (nuint)w));
                TVector e2 = TWidth.Subtract(xk, TWidth.Load(ref b, offset + (nuint)(2 * w)));
                TVector e3 = TWidth.Subtract(xk, TWidth.Load(ref b, offset + (nuint)(3 * w)));
                acc0 = TWidth.Fma(e0, e0, acc0);
                acc1 = TWidth.Fma(e1, e1, acc1);
                acc2 = TWidth.Fma(e2, e2, acc2);
                acc3 = TWidth.Fma(e3, e3, acc3);
            }

            TWidth.Store(TWidth.Sqrt(acc0), ref dst, (nuint)lane);
            TWidth.Store(TWidth.Sqrt(acc1), ref dst, (nuint)(lane + w));
            TWidth.Store(TWidth.Sqrt(acc2), ref dst, (nuint)(lane + (2 * w)));
            TWidth.Store(TWidth.Sqrt(acc3), ref dst, (nuint)(lane + (3 * w)));
        }
    }

    private static void TileDistancesScalar(ReadOnlySpan<double> x, ReadOnlySpan<double> block, Span<double> destination)
    {
        for (int lane = 0; lane < Tile; lane++)
        {
            double sum = 0;
            for (int k = 0; k < x.Length; k++)
            {
                double e = x[k] - block[(k * Tile) + lane];
                sum = Math.FusedMultiplyAdd(e, e, sum);
            }

            destination[lane] = Math.Sqrt(sum);
        }
    }
}
