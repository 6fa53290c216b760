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
/// the same operation order wherever it sits, so labels do not depend on row position. The body is
/// written once over the vector width (<see cref="ISimdWidth{TVector, T}"/>) and specialised by the
/// JIT for <see cref="Simd512{T}"/> and <see cref="Simd256{T}"/>, the width <see cref="PackedCentroids{T}"/> chose.
/// </remarks>
internal static partial class NearestCentroid
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
            Assign<T, Vector512<T>, Simd512<T>>(ref x, rows, pc, labels, partial);
        }
        else if (pc.Width == 256)
        {
            Assign<T, Vector256<T>, Simd256<T>>(ref x, rows, pc, labels, partial);
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
    public static void Partials<T>(ref T x, int rows, PackedCentroids<T> pc, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (pc.Width == 512)
        {
            Partials<T, Vector512<T>, Simd512<T>>(ref x, rows, pc, output);
        }
        else if (pc.Width == 256)
        {
            Partials<T, Vector256<T>, Simd256<T>>(ref x, rows, pc, output);
        }
        else
        {
            int d = pc.Dimensions;
            int kp = pc.PaddedClusters;
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

    /// <summary>The kernel at one vector width: one vector of centroids (the common small k) or several blocks.</summary>
    internal static void Assign<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        if (pc.PaddedClusters == TWidth.Count)
        {
            AssignSingle<T, TVector, TWidth>(ref x, rows, pc, labels, partial);
        }
        else
        {
            AssignMulti<T, TVector, TWidth>(ref x, rows, pc, labels, partial);
        }
    }

    /// <summary>One vector of centroids: the row's label is the first lane holding the minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AssignSingle<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        TVector norms = TWidth.Load(ref MemoryMarshal.GetArrayDataReference(pc.Norms), 0);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            Block<T, TVector, TWidth>(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct0, kp, norms, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
            Finish<T, TVector, TWidth>(a0, labels, partial, r);
            Finish<T, TVector, TWidth>(a1, labels, partial, r + 1);
            Finish<T, TVector, TWidth>(a2, labels, partial, r + 2);
            Finish<T, TVector, TWidth>(a3, labels, partial, r + 3);
        }

        for (; r < rows; r++)
        {
            Finish<T, TVector, TWidth>(BlockOne<T, TVector, TWidth>(ref Unsafe.Add(ref x, (nint)r * d), d, ref ct0, kp, norms), labels, partial, r);
        }
    }

    /// <summary>Several vectors of centroids: a running lane-wise minimum and its centroid index over the blocks.</summary>
    private static void AssignMulti<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int r = AssignMultiFour<T, TVector, TWidth>(ref x, rows, pc, labels, partial);
        for (; r < rows; r++)
        {
            AssignMultiOne<T, TVector, TWidth>(ref Unsafe.Add(ref x, (nint)r * pc.Dimensions), pc, labels, partial, r);
        }
    }

    /// <summary>Rows four at a time (each block of centroids loaded once for four rows); returns the first row left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AssignMultiFour<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, Span<int> labels, Span<T> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        int w = TWidth.Count;
        int blocks = kp / w;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T idx0 = ref MemoryMarshal.GetArrayDataReference(pc.Indices);
        TVector inf = TWidth.Create(T.PositiveInfinity);
        int r = 0;
        for (; r + 4 <= rows; r += 4)
        {
            ref T x0 = ref Unsafe.Add(ref x, (nint)r * d);
            TVector v0 = inf, v1 = inf, v2 = inf, v3 = inf;
            TVector i0 = TWidth.Zero, i1 = i0, i2 = i0, i3 = i0;
            for (int b = 0; b < blocks; b++)
            {
                TVector norms = TWidth.Load(ref norms0, (nuint)(b * w));
                TVector idx = TWidth.Load(ref idx0, (nuint)(b * w));
                Block<T, TVector, TWidth>(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms, out TVector a0, out TVector a1, out TVector a2, out TVector a3);
                Update<T, TVector, TWidth>(a0, idx, ref v0, ref i0);
                Update<T, TVector, TWidth>(a1, idx, ref v1, ref i1);
                Update<T, TVector, TWidth>(a2, idx, ref v2, ref i2);
                Update<T, TVector, TWidth>(a3, idx, ref v3, ref i3);
            }

            FinishMulti<T, TVector, TWidth>(v0, i0, labels, partial, r);
            FinishMulti<T, TVector, TWidth>(v1, i1, labels, partial, r + 1);
            FinishMulti<T, TVector, TWidth>(v2, i2, labels, partial, r + 2);
            FinishMulti<T, TVector, TWidth>(v3, i3, labels, partial, r + 3);
        }

        return r;
    }

    /// <summary>One row against every block (the rows left after the groups of four), same operation order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AssignMultiOne<T, TVector, TWidth>(ref T x0, PackedCentroids<T> pc, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        int w = TWidth.Count;
        int blocks = kp / w;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T idx0 = ref MemoryMarshal.GetArrayDataReference(pc.Indices);
        TVector v0 = TWidth.Create(T.PositiveInfinity);
        TVector i0 = TWidth.Zero;
        for (int b = 0; b < blocks; b++)
        {
            TVector norms = TWidth.Load(ref norms0, (nuint)(b * w));
            TVector idx = TWidth.Load(ref idx0, (nuint)(b * w));
            Update<T, TVector, TWidth>(BlockOne<T, TVector, TWidth>(ref x0, d, ref Unsafe.Add(ref ct0, b * w), kp, norms), idx, ref v0, ref i0);
        }

        FinishMulti<T, TVector, TWidth>(v0, i0, labels, partial, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Partials<T, TVector, TWidth>(ref T x, int rows, PackedCentroids<T> pc, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        int d = pc.Dimensions;
        int kp = pc.PaddedClusters;
        int w = TWidth.Count;
        ref T ct0 = ref MemoryMarshal.GetArrayDataReference(pc.Transposed);
        ref T norms0 = ref MemoryMarshal.GetArrayDataReference(pc.Norms);
        ref T out0 = ref MemoryMarshal.GetReference(output);
        for (int r = 0; r < rows; r++)
        {
            ref T xr = ref Unsafe.Add(ref x, (nint)r * d);
            for (int b = 0; b < kp; b += w)
            {
                TWidth.Store(BlockOne<T, TVector, TWidth>(ref xr, d, ref Unsafe.Add(ref ct0, b), kp, TWidth.Load(ref norms0, (nuint)b)), ref out0, (nuint)((r * kp) + b));
            }
        }
    }

    /// <summary>Four rows against one vector of centroids: <c>norms + sum_j x_j * ct[j]</c> with even and odd features in separate accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block<T, TVector, TWidth>(ref T x0, int d, ref T ct, int kp, TVector norms, out TVector a0, out TVector a1, out TVector a2, out TVector a3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        ref T x1 = ref Unsafe.Add(ref x0, d);
        ref T x2 = ref Unsafe.Add(ref x1, d);
        ref T x3 = ref Unsafe.Add(ref x2, d);
        a0 = norms;
        a1 = norms;
        a2 = norms;
        a3 = norms;
        TVector b0 = TWidth.Zero, b1 = b0, b2 = b0, b3 = b0;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            TVector c0 = TWidth.Load(ref ct, (nuint)(j * kp));
            TVector c1 = TWidth.Load(ref ct, (nuint)((j + 1) * kp));
            a0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j)), c0, a0);
            b0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j + 1)), c1, b0);
            a1 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x1, j)), c0, a1);
            b1 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x1, j + 1)), c1, b1);
            a2 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x2, j)), c0, a2);
            b2 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x2, j + 1)), c1, b2);
            a3 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x3, j)), c0, a3);
            b3 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x3, j + 1)), c1, b3);
        }

        if (j < d)
        {
            TVector c0 = TWidth.Load(ref ct, (nuint)(j * kp));
            a0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j)), c0, a0);
            a1 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x1, j)), c0, a1);
            a2 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x2, j)), c0, a2);
            a3 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x3, j)), c0, a3);
        }

        a0 = TWidth.Add(a0, b0);
        a1 = TWidth.Add(a1, b1);
        a2 = TWidth.Add(a2, b2);
        a3 = TWidth.Add(a3, b3);
    }

    /// <summary>One row against one vector of centroids, with the same operation order as <see cref="Block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector BlockOne<T, TVector, TWidth>(ref T x0, int d, ref T ct, int kp, TVector norms)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        TVector a0 = norms;
        TVector b0 = TWidth.Zero;
        int j = 0;
        for (; j + 2 <= d; j += 2)
        {
            a0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j)), TWidth.Load(ref ct, (nuint)(j * kp)), a0);
            b0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j + 1)), TWidth.Load(ref ct, (nuint)((j + 1) * kp)), b0);
        }

        if (j < d)
        {
            a0 = TWidth.Fma(TWidth.Create(Unsafe.Add(ref x0, j)), TWidth.Load(ref ct, (nuint)(j * kp)), a0);
        }

        return TWidth.Add(a0, b0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<T, TVector, TWidth>(TVector a, TVector idx, ref TVector best, ref TVector bestIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        TVector less = TWidth.CompareLessThan(a, best);
        best = TWidth.Select(less, a, best);
        bestIndex = TWidth.Select(less, idx, bestIndex);
    }

    /// <summary>The smallest lane and its index (the lowest on ties) of one vector of centroids.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T, TVector, TWidth>(TVector a, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        T m = TWidth.MinAcross(a);
        labels[r] = BitOperations.TrailingZeroCount(TWidth.EqualsMask(a, TWidth.Create(m)));
        partial[r] = m;
    }

    /// <summary>The smallest lane over several blocks: the lowest centroid index among the lanes holding the minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishMulti<T, TVector, TWidth>(TVector best, TVector bestIndex, Span<int> labels, Span<T> partial, int r)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
        where TWidth : struct, ISimdWidth<TVector, T>
    {
        T m = TWidth.MinAcross(best);
        TVector candidates = TWidth.Select(TWidth.CompareEqual(best, TWidth.Create(m)), bestIndex, TWidth.Create(T.PositiveInfinity));
        labels[r] = int.CreateTruncating(TWidth.MinAcross(candidates));
        partial[r] = m;
    }
}
