using System.Collections.Immutable;
using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Experiments.Tests;

/// <summary>Invariants over generated data; every property draws its data from a seeded generator.</summary>
public sealed class PropertyTests
{
    private const string Replay = "(20261123,20261125)";

    [Property(MaxTest = 100, Replay = Replay)]
    public bool PValues_AreInUnitInterval(int seed)
    {
        var r = new Random(seed);
        double[] a = Sample(r, 2 + r.Next(50), 0);
        double[] b = Sample(r, 2 + r.Next(50), (r.NextDouble() - 0.5) * 3);
        var pa = new ProportionSummary(1 + r.Next(500), 0);
        pa = new ProportionSummary(pa.Count, r.Next((int)pa.Count + 1));
        var pb = new ProportionSummary(1 + r.Next(500), 0);
        pb = new ProportionSummary(pb.Count, r.Next((int)pb.Count + 1));
        var alternative = (Alternative)r.Next(3);
        double[] ps =
        [
            TTest.Welch(a, b, alternative).PValue,
            TTest.Student(a, b, alternative).PValue,
            MannWhitneyUTest.Test(a, b, alternative).PValue,
            TwoProportionZTest.Test(pa, pb, alternative).PValue,
            ChiSquareTest.GoodnessOfFit([pa.Count, pb.Count], [1.0, 1.0]).PValue,
        ];
        return ps.All(p => p >= 0 && p <= 1);
    }

    [Property(MaxTest = 100, Replay = Replay)]
    public bool SwappingArms_FlipsStatisticSign_KeepsTwoSidedP(int seed)
    {
        var r = new Random(seed);
        double[] a = Sample(r, 2 + r.Next(40), 0);
        double[] b = Sample(r, 2 + r.Next(40), r.NextDouble());
        TestResult ab = TTest.Welch(a, b), ba = TTest.Welch(b, a);
        TestResult sab = TTest.Student(a, b), sba = TTest.Student(b, a);
        var pa = new ProportionSummary(100 + r.Next(1000), 0);
        pa = new ProportionSummary(pa.Count, 1 + r.Next((int)pa.Count - 1));
        var pb = new ProportionSummary(100 + r.Next(1000), 0);
        pb = new ProportionSummary(pb.Count, 1 + r.Next((int)pb.Count - 1));
        TestResult zab = TwoProportionZTest.Test(pa, pb), zba = TwoProportionZTest.Test(pb, pa);
        return ab.Statistic == -ba.Statistic && Close(ab.PValue, ba.PValue)
            && sab.Statistic == -sba.Statistic && Close(sab.PValue, sba.PValue)
            && zab.Statistic == -zba.Statistic && Close(zab.PValue, zba.PValue)
            && Close(MannWhitneyUTest.Test(a, b).PValue, MannWhitneyUTest.Test(b, a).PValue);
    }

    [Property(MaxTest = 100, Replay = Replay)]
    public bool AdjustedPValues_AreMonotoneInRawOnes(int seed)
    {
        var r = new Random(seed);
        double[] p = new double[1 + r.Next(30)];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = r.NextDouble() < 0.2 ? r.NextDouble() * 1e-4 : r.NextDouble();
        }

        foreach (MultipleTestingCorrection c in Enum.GetValues<MultipleTestingCorrection>())
        {
            ImmutableArray<double> adj = PValueAdjustment.Adjust(p, c).Adjusted;
            for (int i = 0; i < p.Length; i++)
            {
                if (adj[i] < p[i] || adj[i] > 1)
                {
                    return false;
                }

                for (int j = 0; j < p.Length; j++)
                {
                    if (p[i] < p[j] && adj[i] > adj[j])
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 50, Replay = Replay)]
    public bool SequentialPValues_NeverIncrease_AndIntervalsNeverWiden(int seed)
    {
        var r = new Random(seed);
        MixtureSprtState state = MixtureSprt.Start(new MixtureSprtOptions { MixingVariance = 0.01 + r.NextDouble() });
        double effect = (r.NextDouble() - 0.5) * 0.4;
        double sumA = 0, sumB = 0;
        for (int n = 1; n <= 60; n++)
        {
            sumA += Gaussian(r);
            sumB += Gaussian(r) + effect;
            MixtureSprtState next = state.Update((sumB - sumA) / n, 2.0 / n);
            if (next.PValue > state.PValue || next.ConfidenceSequence.Lower < state.ConfidenceSequence.Lower
                || next.ConfidenceSequence.Upper > state.ConfidenceSequence.Upper || next.PValue < 0 || next.PValue > 1)
            {
                return false;
            }

            state = next;
        }

        return true;
    }

    [Property(MaxTest = 50, Replay = Replay)]
    public bool Bootstrap_SameSeed_SameInterval(int seed)
    {
        var r = new Random(seed);
        double[] a = Sample(r, 5 + r.Next(30), 0);
        double[] b = Sample(r, 5 + r.Next(30), 1);
        var options = new BootstrapOptions { Resamples = 200, Seed = seed };
        return Bootstrap.Difference(a, b, Mean, options) == Bootstrap.Difference(a, b, Mean, options);
    }

    [Property(MaxTest = 50, Replay = Replay)]
    public bool SufficientStatistics_GiveSameWelchAsSamples(int seed)
    {
        var r = new Random(seed);
        double[] a = Sample(r, 2 + r.Next(40), 10);
        double[] b = Sample(r, 2 + r.Next(40), 11);
        TestResult raw = TTest.Welch(a, b);
        TestResult sums = TTest.Welch(SampleSummary.FromSums(a.Length, a.Sum(), a.Sum(x => x * x)), SampleSummary.FromSums(b.Length, b.Sum(), b.Sum(x => x * x)));
        return Math.Abs(raw.Statistic - sums.Statistic) <= 1e-8 * Math.Max(1, Math.Abs(raw.Statistic)) && Math.Abs(raw.PValue - sums.PValue) <= 1e-8;
    }

    internal static double Mean(Span<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v;
        }

        return s / x.Length;
    }

    private static bool Close(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(1e-300, Math.Max(Math.Abs(x), Math.Abs(y))) || Math.Abs(x - y) < 1e-15;

    private static double[] Sample(Random r, int n, double shift)
    {
        double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = shift + Gaussian(r) + (r.Next(4) == 0 ? Math.Round(r.NextDouble() * 3) : 0);
        }

        return x;
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
