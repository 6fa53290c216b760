using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Personalization.Uplift;

namespace Personalization.Uplift.Tests;

public sealed class MetricsTests
{
    private static (double[] Y, int[] T, double[] Score) Random(int n, int seed, bool distinctScores)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var t = new int[n];
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i % 2;
            s[i] = distinctScores ? rng.NextDouble() : rng.Next(5);
            double p = 0.2 + (t[i] * 0.3 * s[i] / (distinctScores ? 1 : 5));
            y[i] = rng.NextDouble() < p ? 1 : 0;
        }

        return (y, t, s);
    }

    [Fact]
    public void QiniCurve_SameInputTwice_CurvesAreEqualByValue()
    {
        double[] y = [1, 0, 1, 0, 1, 1];
        int[] t = [1, 0, 1, 1, 0, 1];
        double[] s = [0.5, 0.5, 0.2, 0.2, 0.2, 0.9];

        UpliftCurve a = UpliftMetrics.QiniCurve(y, s, t);
        UpliftCurve b = UpliftMetrics.QiniCurve(y, s, t);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, UpliftMetrics.UpliftCurve(y, s, t));
    }

    [Fact]
    public void QiniAucScore_PerfectScore_IsOne()
    {
        (double[] y, int[] t, _) = Random(500, 1, true);
        var perfect = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            perfect[i] = (y[i] * t[i]) - (y[i] * (1 - t[i]));
        }

        Assert.Equal(1.0, UpliftMetrics.QiniAucScore(y, perfect, t), 12);
    }

    [Property(MaxTest = 50)]
    public Property QiniAucScore_PerfectScoreAnyData_IsOne() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100000)), seed =>
        {
            (double[] y, int[] t, _) = Random(60, seed, true);
            var perfect = new double[y.Length];
            for (int i = 0; i < y.Length; i++)
            {
                perfect[i] = (y[i] * t[i]) - (y[i] * (1 - t[i]));
            }

            double q = UpliftMetrics.QiniAucScore(y, perfect, t);
            return double.IsNaN(q) || Math.Abs(q - 1) < 1e-9;
        });

    [Property(MaxTest = 50)]
    public Property Metrics_RowsPermuted_Unchanged() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100000)), seed =>
        {
            (double[] y, int[] t, double[] s) = Random(200, seed, true);
            int[] perm = Enumerable.Range(0, y.Length).ToArray();
            new Random(seed + 1).Shuffle(perm);
            double[] y2 = perm.Select(i => y[i]).ToArray();
            int[] t2 = perm.Select(i => t[i]).ToArray();
            double[] s2 = perm.Select(i => s[i]).ToArray();
            return Same(UpliftMetrics.QiniAucScore(y, s, t), UpliftMetrics.QiniAucScore(y2, s2, t2))
                && Same(UpliftMetrics.UpliftAucScore(y, s, t), UpliftMetrics.UpliftAucScore(y2, s2, t2))
                && Same(UpliftMetrics.UpliftAtK(y, s, t, 0.3), UpliftMetrics.UpliftAtK(y2, s2, t2, 0.3))
                && Same(UpliftMetrics.UpliftAtK(y, s, t, 0.3, UpliftAtKStrategy.ByGroup), UpliftMetrics.UpliftAtK(y2, s2, t2, 0.3, UpliftAtKStrategy.ByGroup))
                && Same(UpliftMetrics.WeightedAverageUplift(y, s, t), UpliftMetrics.WeightedAverageUplift(y2, s2, t2))
                && Same(UpliftMetrics.CausalMLAuucScore(y, s, t), UpliftMetrics.CausalMLAuucScore(y2, s2, t2))
                && Same(UpliftMetrics.CausalMLQiniScore(y, s, t), UpliftMetrics.CausalMLQiniScore(y2, s2, t2));
        });

    [Property(MaxTest = 30)]
    public Property QiniCurve_TiedScoresPermuted_Unchanged() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100000)), seed =>
        {
            (double[] y, int[] t, double[] s) = Random(200, seed, false);
            int[] perm = Enumerable.Range(0, y.Length).ToArray();
            new Random(seed + 1).Shuffle(perm);
            UpliftCurve a = UpliftMetrics.QiniCurve(y, s, t);
            UpliftCurve b = UpliftMetrics.QiniCurve(perm.Select(i => y[i]).ToArray(), perm.Select(i => s[i]).ToArray(), perm.Select(i => t[i]).ToArray());
            return a.Counts.SequenceEqual(b.Counts) && a.Values.Zip(b.Values).All(p => Math.Abs(p.First - p.Second) < 1e-9);
        });

    [Fact]
    public void QiniCurve_TiedScores_OneStepPerDistinctScore()
    {
        double[] y = [1, 0, 1, 0, 1, 1];
        int[] t = [1, 0, 1, 1, 0, 1];
        double[] s = [0.5, 0.5, 0.2, 0.2, 0.2, 0.9];
        UpliftCurve curve = UpliftMetrics.QiniCurve(y, s, t);
        Assert.Equal<double>([0, 1, 3, 6], curve.Counts);

        // Top 1: one treated responder, no control -> 1. Top 3: yT = 2, nT = 2, yC = 0 -> 2.
        // All: yT = 3 (rows 0, 2, 5), nT = 4, yC = 1, nC = 2 -> 3 - 1 * 4 / 2 = 1.
        Assert.Equal<double>([0, 1, 2, 1], curve.Values);
    }

    [Fact]
    public void UpliftCurve_HandComputed_MatchesFormula()
    {
        double[] y = [1, 0, 0, 1];
        int[] t = [1, 0, 1, 0];
        double[] s = [4, 3, 2, 1];
        UpliftCurve curve = UpliftMetrics.UpliftCurve(y, s, t);

        // N=1: (1/1 - 0) * 1 = 1; N=2: (1 - 0/1) * 2 = 2; N=3: (1/2 - 0) * 3 = 1.5; N=4: (1/2 - 1/2) * 4 = 0.
        Assert.Equal<double>([0, 1, 2, 3, 4], curve.Counts);
        Assert.Equal<double>([0, 1, 2, 1.5, 0], curve.Values);
        Assert.Equal(0.5 + 1.5 + 1.75 + 0.75, curve.Area, 12);
    }

    [Fact]
    public void UpliftAtK_TopHasNoControl_ReturnsNaN()
    {
        double[] y = [1, 1, 0, 0, 1, 0, 0, 1, 0, 0];
        int[] t = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1];
        double[] s = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
        Assert.True(double.IsNaN(UpliftMetrics.UpliftAtK(y, s, t, 0.3)));
        Assert.Equal(0.0, UpliftMetrics.UpliftAtK(y, s, t, 6), 12); // top 6: treated 2/4, control 1/2
    }

    [Fact]
    public void UpliftAtK_ByGroup_TakesTopOfEachGroup()
    {
        double[] y = [1, 1, 0, 0, 1, 0, 0, 1, 0, 0];
        int[] t = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1];
        double[] s = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];

        // 5 treated, 5 control; k = 0.4 -> top 2 of each: treated rows 0, 1 (mean 1), control rows 4, 5 (mean 0.5).
        Assert.Equal(0.5, UpliftMetrics.UpliftAtK(y, s, t, 0.4, UpliftAtKStrategy.ByGroup), 12);
    }

    [Fact]
    public void UpliftByPercentile_ArraySplitSizes_FirstBinsLarger()
    {
        (double[] y, int[] t, double[] s) = Random(23, 5, true);
        IReadOnlyList<PercentileUplift> bins = UpliftMetrics.UpliftByPercentile(y, s, t, 5);
        Assert.Equal([5, 5, 5, 4, 4], bins.Select(b => b.TreatmentCount + b.ControlCount));
        Assert.Equal(0, bins[0].LowerPercent);
        Assert.Equal(100, bins[^1].UpperPercent);
    }

    [Fact]
    public void WeightedAverageUplift_OneBin_EqualsDifferenceInMeans()
    {
        (double[] y, int[] t, double[] s) = Random(300, 9, true);
        double meanT = y.Where((_, i) => t[i] == 1).Average();
        double meanC = y.Where((_, i) => t[i] == 0).Average();
        Assert.Equal(meanT - meanC, UpliftMetrics.WeightedAverageUplift(y, s, t, 1), 12);
    }

    [Fact]
    public void WeightedAverageUplift_BinWithoutControl_ReturnsNaN()
    {
        double[] y = [1, 0, 1, 0];
        int[] t = [1, 1, 0, 0];
        double[] s = [4, 3, 2, 1];
        Assert.True(double.IsNaN(UpliftMetrics.WeightedAverageUplift(y, s, t, 2)));
    }

    [Fact]
    public void QiniAucScore_NoResponders_ReturnsNaN()
    {
        double[] y = [0, 0, 0, 0];
        int[] t = [1, 1, 0, 0];
        double[] s = [4, 3, 2, 1];
        Assert.True(double.IsNaN(UpliftMetrics.QiniAucScore(y, s, t)));
    }

    [Fact]
    public void PerfectQiniCurve_NoNegativeEffect_ThreePoints()
    {
        double[] y = [1, 1, 0, 1, 0, 0];
        int[] t = [1, 1, 1, 0, 0, 0];

        // R = 2 - 3 * 1 / 3 = 1.
        UpliftCurve curve = UpliftMetrics.PerfectQiniCurve(y, t, negativeEffect: false);
        Assert.Equal<double>([0, 1, 6], curve.Counts);
        Assert.Equal<double>([0, 1, 1], curve.Values);
    }

    [Fact]
    public void PerfectUpliftCurve_IsAtLeastModelCurve()
    {
        (double[] y, int[] t, double[] s) = Random(400, 3, true);
        Assert.True(UpliftMetrics.PerfectUpliftCurve(y, t).Area >= UpliftMetrics.UpliftCurve(y, s, t).Area);
        Assert.True(UpliftMetrics.UpliftAucScore(y, s, t) <= 1);
    }

    [Fact]
    public void CausalMLScores_GoodScoreBeatsReversed()
    {
        (double[] y, int[] t, double[] s) = Random(4000, 11, true);
        double[] reversed = s.Select(v => -v).ToArray();
        Assert.True(UpliftMetrics.CausalMLAuucScore(y, s, t) > UpliftMetrics.CausalMLAuucScore(y, reversed, t));
        Assert.True(UpliftMetrics.CausalMLQiniScore(y, s, t) > 0);
        Assert.True(UpliftMetrics.CausalMLQiniScore(y, reversed, t) < 0);
    }

    [Fact]
    public void CausalMLAuucScore_ConstantScore_GainIsDiagonalish()
    {
        // With a constant score the order is the row order; alternating arms and constant outcome
        // rates give a gain curve close to the random line, so the normalized AUUC is close to 0.5.
        int n = 2000;
        var y = new double[n];
        int[] t = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        double[] s = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = t[i] == 1 ? ((i / 2) % 2 == 0 ? 1 : 0) : ((i / 2) % 4 == 0 ? 1 : 0);
        }

        Assert.InRange(UpliftMetrics.CausalMLAuucScore(y, s, t), 0.45, 0.55);
        Assert.InRange(UpliftMetrics.CausalMLQiniScore(y, s, t), -0.05, 0.05);
    }

    [Fact]
    public void CausalMLAuucScore_NotNormalized_ScalesByLastGain()
    {
        (double[] y, int[] t, double[] s) = Random(300, 4, true);
        double meanT = y.Where((_, i) => t[i] == 1).Average();
        double meanC = y.Where((_, i) => t[i] == 0).Average();
        double lastGain = (meanT - meanC) * y.Length;
        Assert.Equal(
            UpliftMetrics.CausalMLAuucScore(y, s, t) * Math.Abs(lastGain),
            UpliftMetrics.CausalMLAuucScore(y, s, t, normalize: false),
            9);
    }

    [Fact]
    public void Metrics_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniCurve([1, 0], [0.1], [1, 0]));
        Assert.Contains("score", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => UpliftMetrics.UpliftCurve([1, 0], [0.1, 0.2], [1]));
    }

    [Fact]
    public void Metrics_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniAucScore([], [], []));

    [Fact]
    public void Metrics_NaNScore_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftMetrics.UpliftAtK([1, 0, 1], [0.1, double.NaN, 0.3], [1, 0, 1], 0.5));
        Assert.Contains("score[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_TreatmentNotBinary_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniCurve([1, 0, 1], [0.1, 0.2, 0.3], [1, 0, 2]));
        Assert.Contains("treatment[2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_NoControlGroup_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftMetrics.UpliftAucScore([1, 0, 1], [0.1, 0.2, 0.3], [1, 1, 1]));
        Assert.Contains("control", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QiniAucScore_NonBinaryOutcome_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniAucScore([1, 0.5, 1], [0.1, 0.2, 0.3], [1, 0, 1]));
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => UpliftMetrics.PerfectUpliftCurve([2, 0], [1, 0]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void UpliftAtK_FractionOutOfRange_Throws(double k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.UpliftAtK([1, 0, 1], [0.1, 0.2, 0.3], [1, 0, 1], k));

    [Theory]
    [InlineData(0, UpliftAtKStrategy.Overall)]
    [InlineData(3, UpliftAtKStrategy.Overall)]
    [InlineData(2, UpliftAtKStrategy.ByGroup)]
    public void UpliftAtK_CountOutOfRange_Throws(int count, UpliftAtKStrategy strategy) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.UpliftAtK([1, 0, 1], [0.1, 0.2, 0.3], [1, 0, 1], count, strategy));

    [Fact]
    public void UpliftAtK_UnknownStrategy_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.UpliftAtK([1, 0, 1], [0.1, 0.2, 0.3], [1, 0, 1], 0.5, (UpliftAtKStrategy)7));

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void UpliftByPercentile_BinsOutOfRange_Throws(int bins) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.UpliftByPercentile([1, 0, 1], [0.1, 0.2, 0.3], [1, 0, 1], bins));

    private static bool Same(double a, double b) => (double.IsNaN(a) && double.IsNaN(b)) || Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(a));
}
