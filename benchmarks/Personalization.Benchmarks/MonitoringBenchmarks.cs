using BenchmarkDotNet.Attributes;
using Personalization.Monitoring;

namespace Personalization.Benchmarks;

/// <summary>
/// Two-sample KS on two windows of 20 000 customers: ours (sort + one merge pass + p-value) against
/// a naive baseline that evaluates both empirical CDFs at every pooled value by binary search, as
/// SciPy's ks_2samp does with searchsorted.
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private double[] _reference = [];
    private double[] _current = [];

    [Params(20_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _reference = new double[N];
        _current = new double[N];
        for (int i = 0; i < N; i++)
        {
            _reference[i] = random.NextDouble();
            _current[i] = (random.NextDouble() * 1.1) + 0.02;
        }
    }

    [Benchmark(Baseline = true)]
    public double NaiveSearchsortedKs()
    {
        double[] a = (double[])_reference.Clone();
        double[] b = (double[])_current.Clone();
        Array.Sort(a);
        Array.Sort(b);
        double max = 0;
        foreach (double[] source in new[] { a, b })
        {
            foreach (double v in source)
            {
                double d = Math.Abs(((double)UpperBound(a, v) / a.Length) - ((double)UpperBound(b, v) / b.Length));
                max = Math.Max(max, d);
            }
        }

        return max;
    }

    [Benchmark]
    public double KolmogorovSmirnovTwoSample() => KolmogorovSmirnov.TwoSample(_reference, _current).PValue;

    [Benchmark]
    public double PopulationStabilityIndex() => PopulationStability.Index(_reference, _current).Index;

    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0;
        int hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
