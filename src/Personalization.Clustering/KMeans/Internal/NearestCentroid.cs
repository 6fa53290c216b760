using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The nearest-centroid kernel: for each row x, <c>argmin_c ||c||^2 - 2 x.c</c> (the squared
/// distance less the constant <c>||x||^2</c>), with the lowest index winning exact ties.
/// </summary>
/// <remarks>
/// One lane per centroid: each feature x_j is broadcast and fused-multiply-added against the
/// feature-major centroid vector, so a row costs d FMAs per block of 8/16 centroids and the
/// centroids stay in L1. Four rows are processed together, each with two accumulators (even and
/// odd features), so eight independent FMA chains hide the latency. Every row is computed with
/// the same operation order wherever it sits, so labels do not depend on row position.
/// </remarks>
internal static class NearestCentroid
{
    /// <summary>Assigns <paramref name="rows"/> rows starting at <paramref name="x"/> (stride <c>pc.Dimensions</c>).</summary>
    /// <param name="x">The first value of the first row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="pc">The packed centroids.</param>
    /// <param name="labels">Receives the nearest centroid of each row.</param>
    /// <param name="partial">Receives <c>min_c ||c||^2 - 2 x.c</c> of each row.</param>
    public static void Assign<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (pc.Width == 512)
        {
            if (pc.PaddedClusters == Vector512<T>.Count)
            {
                Assign512Single(ref x, rows, pc, labels, partial);
            }
            else
            {
                Assign512Multi(ref x, rows, pc, labels, partial);
            }
        }
        else if (pc.Width == 256)
        {
            if (pc.PaddedClusters == Vector256<T>.Count)
            {
                Assign256Single(ref x, rows, pc, labels, partial);
            }
            else
            {
                Assign256Multi(ref x, rows, pc, labels, partial);
            }
        }
        else
        {
            AssignScalar(ref x, rows, pc, labels, partial);
        }
    }

    /// <summary>
    /// Writes <c>||c||^2 - 2 x.c</c> for every row and every (padded) centroid lane into
    /// <paramref name="output"/> (row r at <c>r * pc.PaddedClusters</c>), with the same operation order as
    /// <see cref="Assign{T}"/>. Used by seeding, which needs the distance to every candidate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Partials<T>(ref T x, int rows, PackedCentroids<T> pc, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T out0 = ref MemoryMarshal.GetReference(output);
        if (pc.Width == 512)
        {
            int w = Vector512<T>.Count;
            for (int r = 0; r < rows; r++)
            {
                ref T xr = ref Unsafe.Add(ref x, (nint)r * d);
                for (int b = 0; b < kp; b += w)
                {
                    Block512One(ref xr, d, ref Unsafe.Add(ref ct0, b), kp, Vector512.LoadUnsafe(ref norms0, (nuint)b)).StoreUnsafe(ref out0, (nuint)((r * kp) + b));
                }
            }
        }
        else if (pc.Width == 256)
        {
            int w = Vector256<T>.Count;
            for (int r = 0; r < rows; r++)
            {
                ref T xr = ref Unsafe.Add(ref x, (nint)r * d);
                for (int b = 0; b < kp; b += w)
                {
                    Block256One(ref xr, d, ref Unsafe.Add(ref ct0, b), kp, Vector256.LoadUnsafe(ref norms0, (nuint)b)).StoreUnsafe(ref out0, (nuint)((r * kp) + b));
                }
            }
        }
        else
        {
            for (int r = 0; r < rows; r++)
            {
                ref T xr = ref Unsafe.Add(ref x, (nint)r * d);
                for (int c = 0; c < kp; c++)
                {
                    T acc = pc.Norms[c];
                    for (int j = 0; j < d; j++)
                    {
                        acc += Unsafe.Add(ref xr, j) * pc.Transposed[(j * kp) + c];
                    }

                    output[(r * kp) + c] = acc;
                }
            }
        }
    }

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
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        bool floats = typeof(T) == typeof(float) && pc.Width == 256 && kp == 8;
        bool doubles = typeof(T) == typeof(double) && pc.Width == 512 && kp == 8;
        if (!floats && !doubles)
        {
            return false;
        }

        ref T ct = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        Vector512<double> acc = potentials;
        bool weighted = !weights.IsEmpty;
        int r = 0;
        if (floats)
        {
            Vector256<T> cn = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(pc.Norms));
            for (; r + 4 <= rows; r += 4)
            {
                Block256(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn, out Vector256<T> a0, out Vector256<T> a1, out Vector256<T> a2, out Vector256<T> a3);
                AddCandidateRow(Widen(a0), r, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(Widen(a1), r + 1, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(Widen(a2), r + 2, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(Widen(a3), r + 3, norms, closest, weights, weighted, pendingLane, ref acc);
            }

            for (; r < rows; r++)
            {
                AddCandidateRow(Widen(Block256One(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn)), r, norms, closest, weights, weighted, pendingLane, ref acc);
            }
        }
        else
        {
            Vector512<T> cn = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(pc.Norms));
            for (; r + 4 <= rows; r += 4)
            {
                Block512(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn, out Vector512<T> a0, out Vector512<T> a1, out Vector512<T> a2, out Vector512<T> a3);
                AddCandidateRow(a0.As<T, double>(), r, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(a1.As<T, double>(), r + 1, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(a2.As<T, double>(), r + 2, norms, closest, weights, weighted, pendingLane, ref acc);
                AddCandidateRow(a3.As<T, double>(), r + 3, norms, closest, weights, weighted, pendingLane, ref acc);
            }

            for (; r < rows; r++)
            {
                AddCandidateRow(Block512One(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct, kp, cn).As<T, double>(), r, norms, closest, weights, weighted, pendingLane, ref acc);
            }
        }

        potentials = acc;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Widen<T>(Vector256<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.WidenLower(partial.As<T, float>().ToVector512Unsafe());

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

    /// <summary>The scalar version of the same computation (used without SIMD and as the test reference).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AssignScalar<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref x, (nint)r * d);
            T best = T.PositiveInfinity;
            int bestIndex = 0;
            for (int c = 0; c < pc.Count; c++)
            {
                T acc = pc.Norms[c];
                for (int j = 0; j < d; j++)
                {
                    acc += Unsafe.Add(ref xr, j) * pc.Transposed[(j * kp) + c];
                }

                if (acc < best)
                {
                    best = acc;
                    bestIndex = c;
                }
            }

            labels[r] = bestIndex;
            partial[r] = best;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Assign512Single<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        Vector512<T> norms = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(pc.Norms));
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Block512(ref x0, d, ref ct, kp, norms, out Vector512<T> a0, out Vector512<T> a1, out Vector512<T> a2, out Vector512<T> a3);
            Finish512(a0, labels, partial, r);
            Finish512(a1, labels, partial, r + 1);
            Finish512(a2, labels, partial, r + 2);
            Finish512(a3, labels, partial, r + 3);
        }

        for (; r < rows; r++)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Finish512(Block512One(ref x0, d, ref ct, kp, norms), labels, partial, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Assign512Multi<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        int w = Vector512<T>.Count;
        int blocks = kp / w;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T idx0 = ref MemoryMarshal.GetArrayDataReference(pc.Indices);
        Vector512<T> inf = Vector512.Create(T.PositiveInfinity);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Vector512<T> v0 = inf, v1 = inf, v2 = inf, v3 = inf;
            Vector512<T> i0 = Vector512<T>.Zero, i1 = i0, i2 = i0, i3 = i0;
            for (int b = 0; b < blocks; b++)
            {
                Vector512<T> norms = Vector512.LoadUnsafe(ref norms0, (nuint)(b * w));
                Vector512<T> idx = Vector512.LoadUnsafe(ref idx0, (nuint)(b * w));
                Block512(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms, out Vector512<T> a0, out Vector512<T> a1, out Vector512<T> a2, out Vector512<T> a3);
                Update512(a0, idx, ref v0, ref i0);
                Update512(a1, idx, ref v1, ref i1);
                Update512(a2, idx, ref v2, ref i2);
                Update512(a3, idx, ref v3, ref i3);
            }

            FinishMulti512(v0, i0, labels, partial, r);
            FinishMulti512(v1, i1, labels, partial, r + 1);
            FinishMulti512(v2, i2, labels, partial, r + 2);
            FinishMulti512(v3, i3, labels, partial, r + 3);
        }

        for (; r < rows; r++)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Vector512<T> v0 = inf;
            Vector512<T> i0 = Vector512<T>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                Vector512<T> norms = Vector512.LoadUnsafe(ref norms0, (nuint)(b * w));
                Vector512<T> idx = Vector512.LoadUnsafe(ref idx0, (nuint)(b * w));
                Update512(Block512One(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms), idx, ref v0, ref i0);
            }

            FinishMulti512(v0, i0, labels, partial, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block512<T>(ref T x0, int d, ref T ct, int kp, Vector512<T> norms, out Vector512<T> a0, out Vector512<T> a1, out Vector512<T> a2, out Vector512<T> a3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T x1 = ref Unsafe.Add(ref x0, d);
        ref T x2 = ref Unsafe.Add(ref x1, d);
        ref T x3 = ref Unsafe.Add(ref x2, d);
        a0 = norms;
        a1 = norms;
        a2 = norms;
        a3 = norms;
        Vector512<T> b0 = Vector512<T>.Zero, b1 = b0, b2 = b0, b3 = b0;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            Vector512<T> c0 = Vector512.LoadUnsafe(ref ct, (nuint)(j * kp));
            Vector512<T> c1 = Vector512.LoadUnsafe(ref ct, (nuint)((j + 1) * kp));
            a0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j)), c0, a0);
            b0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j + 1)), c1, b0);
            a1 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x1, j)), c0, a1);
            b1 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x1, j + 1)), c1, b1);
            a2 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x2, j)), c0, a2);
            b2 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x2, j + 1)), c1, b2);
            a3 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x3, j)), c0, a3);
            b3 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x3, j + 1)), c1, b3);
        }

        if (j < d)
        {
            Vector512<T> c0 = Vector512.LoadUnsafe(ref ct, (nuint)(j * kp));
            a0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j)), c0, a0);
            a1 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x1, j)), c0, a1);
            a2 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x2, j)), c0, a2);
            a3 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x3, j)), c0, a3);
        }

        a0 += b0;
        a1 += b1;
        a2 += b2;
        a3 += b3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> Block512One<T>(ref T x0, int d, ref T ct, int kp, Vector512<T> norms)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> a0 = norms;
        Vector512<T> b0 = Vector512<T>.Zero;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            a0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j)), Vector512.LoadUnsafe(ref ct, (nuint)(j * kp)), a0);
            b0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j + 1)), Vector512.LoadUnsafe(ref ct, (nuint)((j + 1) * kp)), b0);
        }

        if (j < d)
        {
            a0 = VectorMath.Fma(Vector512.Create(Unsafe.Add(ref x0, j)), Vector512.LoadUnsafe(ref ct, (nuint)(j * kp)), a0);
        }

        return a0 + b0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512<T>(Vector512<T> a, Vector512<T> idx, ref Vector512<T> best, ref Vector512<T> bestIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector512<T> less = Vector512.LessThan(a, best);
        best = Vector512.ConditionalSelect(less, a, best);
        bestIndex = Vector512.ConditionalSelect(less, idx, bestIndex);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish512<T>(Vector512<T> a, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = HMin(Vector256.MinNative(a.GetLower(), a.GetUpper()));
        ulong mask = Vector512.Equals(a, Vector512.Create(m)).ExtractMostSignificantBits();
        labels[r] = BitOperations.TrailingZeroCount(mask);
        partial[r] = m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishMulti512<T>(Vector512<T> best, Vector512<T> bestIndex, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = HMin(Vector256.MinNative(best.GetLower(), best.GetUpper()));
        Vector512<T> candidates = Vector512.ConditionalSelect(Vector512.Equals(best, Vector512.Create(m)), bestIndex, Vector512.Create(T.PositiveInfinity));
        labels[r] = int.CreateTruncating(HMin(Vector256.MinNative(candidates.GetLower(), candidates.GetUpper())));
        partial[r] = m;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Assign256Single<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        ref T ct = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        Vector256<T> norms = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(pc.Norms));
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Block256(ref x0, d, ref ct, kp, norms, out Vector256<T> a0, out Vector256<T> a1, out Vector256<T> a2, out Vector256<T> a3);
            Finish256(a0, labels, partial, r);
            Finish256(a1, labels, partial, r + 1);
            Finish256(a2, labels, partial, r + 2);
            Finish256(a3, labels, partial, r + 3);
        }

        for (; r < rows; r++)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Finish256(Block256One(ref x0, d, ref ct, kp, norms), labels, partial, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Assign256Multi<T>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        int w = Vector256<T>.Count;
        int blocks = kp / w;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T idx0 = ref MemoryMarshal.GetArrayDataReference(pc.Indices);
        Vector256<T> inf = Vector256.Create(T.PositiveInfinity);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Vector256<T> v0 = inf, v1 = inf, v2 = inf, v3 = inf;
            Vector256<T> i0 = Vector256<T>.Zero, i1 = i0, i2 = i0, i3 = i0;
            for (int b = 0; b < blocks; b++)
            {
                Vector256<T> norms = Vector256.LoadUnsafe(ref norms0, (nuint)(b * w));
                Vector256<T> idx = Vector256.LoadUnsafe(ref idx0, (nuint)(b * w));
                Block256(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms, out Vector256<T> a0, out Vector256<T> a1, out Vector256<T> a2, out Vector256<T> a3);
                Update256(a0, idx, ref v0, ref i0);
                Update256(a1, idx, ref v1, ref i1);
                Update256(a2, idx, ref v2, ref i2);
                Update256(a3, idx, ref v3, ref i3);
            }

            FinishMulti256(v0, i0, labels, partial, r);
            FinishMulti256(v1, i1, labels, partial, r + 1);
            FinishMulti256(v2, i2, labels, partial, r + 2);
            FinishMulti256(v3, i3, labels, partial, r + 3);
        }

        for (; r < rows; r++)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            Vector256<T> v0 = inf;
            Vector256<T> i0 = Vector256<T>.Zero;
            for (int b = 0; b < blocks; b++)
            {
                Vector256<T> norms = Vector256.LoadUnsafe(ref norms0, (nuint)(b * w));
                Vector256<T> idx = Vector256.LoadUnsafe(ref idx0, (nuint)(b * w));
                Update256(Block256One(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms), idx, ref v0, ref i0);
            }

            FinishMulti256(v0, i0, labels, partial, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block256<T>(ref T x0, int d, ref T ct, int kp, Vector256<T> norms, out Vector256<T> a0, out Vector256<T> a1, out Vector256<T> a2, out Vector256<T> a3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T x1 = ref Unsafe.Add(ref x0, d);
        ref T x2 = ref Unsafe.Add(ref x1, d);
        ref T x3 = ref Unsafe.Add(ref x2, d);
        a0 = norms;
        a1 = norms;
        a2 = norms;
        a3 = norms;
        Vector256<T> b0 = Vector256<T>.Zero, b1 = b0, b2 = b0, b3 = b0;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            Vector256<T> c0 = Vector256.LoadUnsafe(ref ct, (nuint)(j * kp));
            Vector256<T> c1 = Vector256.LoadUnsafe(ref ct, (nuint)((j + 1) * kp));
            a0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j)), c0, a0);
            b0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j + 1)), c1, b0);
            a1 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x1, j)), c0, a1);
            b1 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x1, j + 1)), c1, b1);
            a2 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x2, j)), c0, a2);
            b2 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x2, j + 1)), c1, b2);
            a3 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x3, j)), c0, a3);
            b3 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x3, j + 1)), c1, b3);
        }

        if (j < d)
        {
            Vector256<T> c0 = Vector256.LoadUnsafe(ref ct, (nuint)(j * kp));
            a0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j)), c0, a0);
            a1 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x1, j)), c0, a1);
            a2 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x2, j)), c0, a2);
            a3 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x3, j)), c0, a3);
        }

        a0 += b0;
        a1 += b1;
        a2 += b2;
        a3 += b3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> Block256One<T>(ref T x0, int d, ref T ct, int kp, Vector256<T> norms)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> a0 = norms;
        Vector256<T> b0 = Vector256<T>.Zero;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            a0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j)), Vector256.LoadUnsafe(ref ct, (nuint)(j * kp)), a0);
            b0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j + 1)), Vector256.LoadUnsafe(ref ct, (nuint)((j + 1) * kp)), b0);
        }

        if (j < d)
        {
            a0 = VectorMath.Fma(Vector256.Create(Unsafe.Add(ref x0, j)), Vector256.LoadUnsafe(ref ct, (nuint)(j * kp)), a0);
        }

        return a0 + b0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256<T>(Vector256<T> a, Vector256<T> idx, ref Vector256<T> best, ref Vector256<T> bestIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> less = Vector256.LessThan(a, best);
        best = Vector256.ConditionalSelect(less, a, best);
        bestIndex = Vector256.ConditionalSelect(less, idx, bestIndex);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish256<T>(Vector256<T> a, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = HMin(a);
        uint mask = Vector256.Equals(a, Vector256.Create(m)).ExtractMostSignificantBits();
        labels[r] = BitOperations.TrailingZeroCount(mask);
        partial[r] = m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishMulti256<T>(Vector256<T> best, Vector256<T> bestIndex, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T m = HMin(best);
        Vector256<T> candidates = Vector256.ConditionalSelect(Vector256.Equals(best, Vector256.Create(m)), bestIndex, Vector256.Create(T.PositiveInfinity));
        labels[r] = int.CreateTruncating(HMin(candidates));
        partial[r] = m;
    }

    /// <summary>Horizontal minimum of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T HMin<T>(Vector256<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> f = v.As<T, float>();
            Vector128<float> m = Vector128.MinNative(f.GetLower(), f.GetUpper());
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
            float s = m.ToScalar();
            return Unsafe.As<float, T>(ref s);
        }

        if (typeof(T) == typeof(double))
        {
            Vector256<double> f = v.As<T, double>();
            Vector128<double> m = Vector128.MinNative(f.GetLower(), f.GetUpper());
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(1L, 0L)));
            double s = m.ToScalar();
            return Unsafe.As<double, T>(ref s);
        }

        T best = v.GetElement(0);
        for (int i = 1; i < Vector256<T>.Count; i++)
        {
            best = T.Min(best, v.GetElement(i));
        }

        return best;
    }
}
