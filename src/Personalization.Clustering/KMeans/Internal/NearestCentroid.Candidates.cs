using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <content>The fused K-Means++ candidate pass over eight candidate lanes (distances widened to double).</content>
internal static partial class NearestCentroid
{
    /// <summary>
    /// The K-Means++ candidate pass for up to eight candidate lanes, fused: for each row the
    /// distances to every lane, <c>max(0, ||x||^2 + ||c||^2 - 2 x.c)</c> in double, update the row's
    /// closest distance with the pending lane (if any), and add <c>w * min(closest, distance)</c>
    /// to lane l of <paramref name="potentials"/>. Bit for bit the scalar loop over
    /// <see cref="Partials{T}"/> output (same partials, same double operations, rows in order per lane).
    /// </summary>
    /// <returns>False (and nothing done) when the packing is not eight lanes of a supported width.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCandidatePotentials<T>(ref T x, int rows, PackedCentroids<T> pc, ReadOnlySpan<double> norms, Span<double> closest, ReadOnlySpan<double> weights, int pendingLane, ref Vector512<double> potentials)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kp = pc.PaddedClusters;
        if (typeof(T) == typeof(float) && pc.Width == 256 && kp == 8)
        {
            CandidatePotentials<T, Vector256<T>, Simd256<T>>(ref x, rows, pc, norms, closest, weights, pendingLane, ref potentials);
            return true;
        }

        if (typeof(T) == typeof(double) && pc.Width == 512 && kp == 8)
        {
            CandidatePotentials<T, Vector512<T>, Simd512<T>>(ref x, rows, pc, norms, closest, weights, pendingLane, ref potentials);
            return true;
        }

        return false;
    }

    /// <summary>The candidate pass at one width whose eight lanes widen to one <see cref="Vector512{T}"/> of double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CandidatePotentials<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, ReadOnlySpan<double> norms, Span<double> closest, ReadOnlySpan<double> weights, int pendingLane, ref Vector512<double> potentials)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        TVector cn = TWidth.Load(ref MemoryMarshal.GetArrayDataReference(pc.Norms), 0);
        Vector512<double> acc = potentials;
        bool weighted = !weights.IsEmpty;
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            Block<T, TVector, TWidth>(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
            AddCandidateRow(ToDouble(a0), r, norms, closest, weights, weighted, pendingLane, ref acc);
            AddCandidateRow(ToDouble(a1), r + 1, norms, closest, weights, weighted, pendingLane, ref acc);
            AddCandidateRow(ToDouble(a2), r + 2, norms, closest, weights, weighted, pendingLane, ref acc);
            AddCandidateRow(ToDouble(a3), r + 3, norms, closest, weights, weighted, pendingLane, ref acc);
        }

        for (; r < rows; r++)
        {
            AddCandidateRow(ToDouble(BlockOne<T, TVector, TWidth>(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn)), r, norms, closest, weights, weighted, pendingLane, ref acc);
        }

        potentials = acc;
    }

    /// <summary>Eight float lanes (a <see cref="Vector256{T}"/>) widened, or eight double lanes (a <see cref="Vector512{T}"/>) as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> ToDouble<TVector>(TVector partial)
        where TVector : struct
    {
        if (typeof(TVector) == typeof(Vector256<float>))
        {
            return Vector512.WidenLower(Unsafe.As<TVector, Vector256<float>>(ref partial).ToVector512Unsafe());
        }

        return Unsafe.As<TVector, Vector512<double>>(ref partial);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddCandidateRow(Vector512<double> partial, int r, ReadOnlySpan<double> norms, Span<double> closest, ReadOnlySpan<double> weights, bool weighted, int pendingLane, ref Vector512<double> acc)
    {
        Vector512<double> distance = Vector512.Max(Vector512<double>.Zero, Vector512.Create(norms[r]) + partial);
        double c = closest[r];
        if (pendingLane >= 0)
        {
            c = Math.Min(c, distance.GetElement(pendingLane));
            closest[r] = c;
        }

        Vector512<double> contribution = Vector512.Min(Vector512.Create(c), distance);
        acc += weighted ? Vector512.Create(weights[r]) * contribution : contribution;
    }
}
