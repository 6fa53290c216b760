using BenchmarkDotNet.Attributes;

namespace Personalization.Benchmarks;

/// <summary>
/// NaN/Infinity validation of a 1M x 16 float matrix: the SIMD scan (the shared FiniteScan, reached through the public
/// <see cref="FeatureMatrix{T}.TryFindNonFinite"/>, since every package compiles its own internal copy) vs the scalar loop.
/// </summary>
[MemoryDiagnoser]
public class FiniteScanBenchmarks
{
    private float[] _data = [];
    private FeatureMatrix<float> _matrix = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = BenchmarkData.Blobs(1_000_000, 16, 8, 42);
        _matrix = FeatureMatrix<float>.FromOwnedArray(_data, 1_000_000, 16);
    }

    [Benchmark(Baseline = true)]
    public int Scalar()
    {
        for (int i = 0; i < _data.Length; i++)
        {
            if (!float.IsFinite(_data[i]))
            {
                return i;
            }
        }

        return -1;
    }

    [Benchmark]
    public int Simd() => _matrix.TryFindNonFinite(out int row, out int column) ? (row * 16) + column : -1;
}
