using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The vector operations a width-generic kernel needs, as static members of a struct type parameter:
/// a kernel is written once as <c>Kernel&lt;T, TVector, TWidth&gt;</c> and the JIT specialises it for
/// <see cref="Simd512{T}"/> and <see cref="Simd256{T}"/> (the role the runtime's internal
/// <c>ISimdVector</c> plays inside TensorPrimitives).
/// </summary>
/// <typeparam name="TVector">The vector type, <c>Vector512&lt;T&gt;</c> or <c>Vector256&lt;T&gt;</c>.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
internal interface ISimdWidth<TVector, T>
    where TVector : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets a value indicating whether the width is hardware accelerated for <typeparamref name="T"/>.</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Gets the number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Gets the zero vector.</summary>
    static abstract TVector Zero { get; }

    /// <summary>Broadcasts <paramref name="value"/> to every lane.</summary>
    static abstract TVector Create(T value);

    /// <summary>Loads a vector at <paramref name="source"/> + <paramref name="offset"/> elements.</summary>
    static abstract TVector Load(ref T source, nuint offset);

    /// <summary>Stores a vector at <paramref name="destination"/> + <paramref name="offset"/> elements.</summary>
    static abstract void Store(TVector value, ref T destination, nuint offset);

    /// <summary>Lane-wise a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>Lane-wise a - b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>Lane-wise a * b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>Lane-wise a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>Lane-wise a * b + c with one rounding.</summary>
    static abstract TVector Fma(TVector a, TVector b, TVector c);

    /// <summary>Lane-wise square root.</summary>
    static abstract TVector Sqrt(TVector a);

    /// <summary>Lane-wise minimum (native instruction; inputs are never NaN).</summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary>Lane-wise maximum (native instruction; inputs are never NaN).</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>Lane-wise bitwise and.</summary>
    static abstract TVector And(TVector a, TVector b);

    /// <summary>One bit per lane: set where a == b.</summary>
    static abstract ulong EqualsMask(TVector a, TVector b);

    /// <summary>Lane-wise a == b as a mask vector (all bits set where equal).</summary>
    static abstract TVector CompareEqual(TVector a, TVector b);

    /// <summary>Lane-wise a &lt; b as a mask vector.</summary>
    static abstract TVector CompareLessThan(TVector a, TVector b);

    /// <summary>Lane-wise <c>mask ? a : b</c> (bitwise).</summary>
    static abstract TVector Select(TVector mask, TVector a, TVector b);

    /// <summary>Sum of the lanes.</summary>
    static abstract T Sum(TVector a);

    /// <summary>Smallest lane.</summary>
    static abstract T MinAcross(TVector a);

    /// <summary>A mask vector with all bits set in the first <paramref name="valid"/> lanes and zero in the rest.</summary>
    static abstract TVector FirstLanes(int valid);
}

/// <summary>The 512-bit width.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct Simd512<T> : ISimdWidth<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;

    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Create(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) => VectorMath.Fma(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> And(Vector512<T> a, Vector512<T> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualsMask(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CompareEqual(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> CompareLessThan(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> a, Vector512<T> b) => Vector512.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> a) => Vector512.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector512<T> a) => Simd256<T>.MinAcross(Vector256.MinNative(a.GetLower(), a.GetUpper()));

    public static Vector512<T> FirstLanes(int valid) => Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(valid)));
}

/// <summary>The 256-bit width.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct Simd256<T> : ISimdWidth<Vector256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;

    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Create(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma(Vector256<T> a, Vector256<T> b, Vector256<T> c) => VectorMath.Fma(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> And(Vector256<T> a, Vector256<T> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EqualsMask(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> CompareEqual(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> CompareLessThan(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> a, Vector256<T> b) => Vector256.ConditionalSelect(mask, a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> a) => Vector256.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinAcross(Vector256<T> a)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256<float> f = a.As<T, float>();
            Vector128<float> m = Vector128.MinNative(f.GetLower(), f.GetUpper());
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));
            float s = m.ToScalar();
            return Unsafe.As<float, T>(ref s);
        }

        if (typeof(T) == typeof(double))
        {
            Vector256<double> f = a.As<T, double>();
            Vector128<double> m = Vector128.MinNative(f.GetLower(), f.GetUpper());
            m = Vector128.MinNative(m, Vector128.Shuffle(m, Vector128.Create(1L, 0L)));
            double s = m.ToScalar();
            return Unsafe.As<double, T>(ref s);
        }

        T result = a.GetElement(0);
        for (int i = 1; i < Vector256<T>.Count; i++)
        {
            T lane = a.GetElement(i);
            result = lane < result ? lane : result;
        }

        return result;
    }

    public static Vector256<T> FirstLanes(int valid) => Vector256.LessThan(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(valid)));
}

/// <summary>One lane: the scalar fallback of a width-generic kernel (and a reference in tests).</summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct SimdScalar<T> : ISimdWidth<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsAccelerated => true;

    public static int Count => 1;

    public static T Zero => T.Zero;

    public static T Create(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint offset) => Unsafe.Add(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint offset) => Unsafe.Add(ref destination, offset) = value;

    public static T Add(T a, T b) => a + b;

    public static T Subtract(T a, T b) => a - b;

    public static T Multiply(T a, T b) => a * b;

    public static T Divide(T a, T b) => a / b;

    public static T Fma(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    public static T Sqrt(T a) => T.Sqrt(a);

    public static T Min(T a, T b) => a < b ? a : b;

    public static T Max(T a, T b) => a > b ? a : b;

    public static T And(T a, T b) => Vector128.BitwiseAnd(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)).ToScalar();

    public static ulong EqualsMask(T a, T b) => a == b ? 1UL : 0UL;

    public static T CompareEqual(T a, T b) => a == b ? Vector128<T>.AllBitsSet.ToScalar() : T.Zero;

    public static T CompareLessThan(T a, T b) => a < b ? Vector128<T>.AllBitsSet.ToScalar() : T.Zero;

    public static T Select(T mask, T a, T b) => Vector128.ConditionalSelect(Vector128.CreateScalarUnsafe(mask), Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)).ToScalar();

    public static T Sum(T a) => a;

    public static T MinAcross(T a) => a;

    public static T FirstLanes(int valid) => valid > 0 ? Vector128<T>.AllBitsSet.ToScalar() : T.Zero;
}
