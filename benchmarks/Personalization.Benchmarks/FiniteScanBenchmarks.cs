using BenchmarkDotNet.Attributes;
using Personalization.Internal;

namespace Personalization.Benchmarks;

/// <summary>NaN/Infinity validation of a 1M x 16 float matrix: SIMD scan vs the scalar loop.</summary>
[MemoryDiagnoser]
public class FiniteScanBenchmarks
{
    private float[] _data = [];

    [GlobalSetup]
    public void Setup() => _data = BenchmarkData.Blobs(1_000_000, 16, 8, 42);

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
    public int Simd() => FiniteScan.IndexOfNonFinite<float>(_data);
}
