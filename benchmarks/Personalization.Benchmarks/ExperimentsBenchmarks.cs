using BenchmarkDotNet.Attributes;
using Personalization.Experiments;

namespace Personalization.Benchmarks;

/// <summary>
/// Mann-Whitney U on two 100k-value revenue-like arms with many ties: our sort-each-arm-then-merge ranking vs the
/// textbook baseline (sort the pooled sample with its labels, assign mid-ranks, sum the treatment ranks).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ExperimentsBenchmarks
{
    private double[] _control = [];
    private double[] _treatment = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _control = new double[100_000];
        _treatment = new double[100_000];
        for (int i = 0; i < _control.Length; i++)
        {
            // Most users spend nothing (ties at 0), buyers spend whole-cent amounts.
            _control[i] = random.NextDouble() < 0.8 ? 0 : Math.Round(random.NextDouble() * 200, 2);
            _treatment[i] = random.NextDouble() < 0.78 ? 0 : Math.Round(random.NextDouble() * 210, 2);
        }
    }

    [Benchmark(Baseline = true)]
    public double NaivePooledRanks()
    {
        int n = _control.Length + _treatment.Length;
        var pooled = new (double Value, bool Treatment)[n];
        for (int i = 0; i < _control.Length; i++)
        {
            pooled[i] = (_control[i], false);
        }

        for (int i = 0; i < _treatment.Length; i++)
        {
            pooled[_control.Length + i] = (_treatment[i], true);
        }

        Array.Sort(pooled, (x, y) => x.Value.CompareTo(y.Value));
        double rankSum = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && pooled[j].Value == pooled[i].Value)
            {
                j++;
            }

            double mid = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++)
            {
                rankSum += pooled[k].Treatment ? mid : 0;
            }

            i = j;
        }

        return rankSum - (_treatment.Length * (_treatment.Length + 1.0) / 2);
    }

    [Benchmark]
    public double MannWhitneyU() => MannWhitneyUTest.Test(_control, _treatment).Statistic;
}
