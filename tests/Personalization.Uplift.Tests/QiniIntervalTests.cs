using Xunit.Abstractions;

namespace Personalization.Uplift.Tests;

public sealed class QiniIntervalTests(ITestOutputHelper output)
{
    /// <summary>x ~ U(−1, 1), half treated (alternating), P(y = 1) = 0.3 + 0.2·t·x; the score is x plus N(0, 0.5) noise.</summary>
    private static (double[] Y, double[] Score, int[] T) Make(int n, int seed)
    {
        var rng = new Random(seed);
        var y = new double[n];
        var s = new double[n];
        var t = new int[n];
        for (int i = 0; i < n; i++)
        {
            double x = (rng.NextDouble() * 2) - 1;
            t[i] = i % 2;
            y[i] = rng.NextDouble() < 0.3 + (0.2 * t[i] * x) ? 1 : 0;
            s[i] = x + (0.5 * Synthetic.Normal(rng));
        }

        return (y, s, t);
    }

    [Fact]
    public void QiniAucScoreInterval_SimulatedData_CoversPopulationCoefficientAtNominalRate()
    {
        // The population coefficient, approximated on 200,000 units (its sampling error there is about 14 times
        // smaller than at n = 1,000).
        (double[] bigY, double[] bigS, int[] bigT) = Make(200_000, 1);
        double truth = UpliftMetrics.QiniAucScore(bigY, bigS, bigT);
        int covered = 0;
        double width = 0;
        for (int rep = 0; rep < 100; rep++)
        {
            (double[] y, double[] s, int[] t) = Make(1000, 100 + rep);
            IntervalEstimate interval = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 200, seed: rep);
            covered += interval.Contains(truth) ? 1 : 0;
            width += interval.Upper - interval.Lower;
        }

        output.WriteLine($"truth {truth:F4}; covered {covered} of 100; mean width {width / 100:F4}");
        Assert.True(covered >= 90, $"{covered} of 100 intervals covered {truth}");
    }

    [Fact]
    public void QiniAucScoreInterval_Estimate_IsTheQiniAucScore()
    {
        (double[] y, double[] s, int[] t) = Make(300, 5);
        double[] rounded = s.Select(v => Math.Round(v, 1)).ToArray(); // ties in score
        foreach (double[] score in new[] { s, rounded })
        {
            foreach (bool negative in new[] { true, false })
            {
                IntervalEstimate interval = UpliftMetrics.QiniAucScoreInterval(y, score, t, resampleCount: 50, negativeEffect: negative);
                Assert.Equal(UpliftMetrics.QiniAucScore(y, score, t, negative), interval.Estimate, 12);
                Assert.True(interval.Lower < interval.Upper);
                Assert.True(interval.StandardError > 0);
            }
        }
    }

    [Fact]
    public void QiniAucScoreInterval_FourUnits_HandComputedEstimate()
    {
        // Ranked rows: treated responder, treated non-responder, control responder, control non-responder.
        // Qini curve (0,0) (1,1) (2,1) (3,−1) (4,0): area 0.5 + 1 + 0 − 0.5 = 1. Perfect curve (responder first,
        // the two non-responders, the control responder last): (0,0) (1,1) (3,1) (4,0), area 0.5 + 2 + 0.5 = 3.
        // The random line ends at (4, 0), area 0, so the coefficient is 1/3.
        double[] y = [1, 0, 1, 0];
        double[] s = [0.9, 0.5, 0.4, 0.1];
        int[] t = [1, 1, 0, 0];
        Assert.Equal(1.0 / 3, UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 10).Estimate, 12);
    }

    [Fact]
    public void WeightedQini_IntegerWeights_EqualsCoefficientOfRepeatedUnits()
    {
        // Units 0..3 with weights 2, 0, 1, 3 are the data (0, 0, 2, 3, 3, 3).
        double[] y = [1, 0, 1, 0];
        double[] s = [0.9, 0.5, 0.4, 0.1];
        int[] t = [1, 1, 0, 0];
        double[] w = [2, 0, 1, 3];
        int[] rows = [0, 0, 2, 3, 3, 3];
        double[] yRep = rows.Select(r => y[r]).ToArray();
        double[] sRep = rows.Select(r => s[r]).ToArray();
        int[] tRep = rows.Select(r => t[r]).ToArray();
        double[] perfect = [.. y.Zip(t, (yi, ti) => (yi * ti) - (yi * (1 - ti)))];
        double weighted = UpliftMetrics.WeightedQini(new UpliftMetrics.WeightedCurve(s), new UpliftMetrics.WeightedCurve(perfect), y, t, w, negativeEffect: true);
        Assert.Equal(UpliftMetrics.QiniAucScore(yRep, sRep, tRep), weighted, 12);
    }

    [Fact]
    public void QiniAucScoreInterval_SameSeed_SameIntervalAndLevelWidens()
    {
        (double[] y, double[] s, int[] t) = Make(400, 9);
        IntervalEstimate a = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 100, seed: 3);
        IntervalEstimate b = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 100, seed: 3);
        IntervalEstimate c = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 100, seed: 4);
        IntervalEstimate wide = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 100, confidenceLevel: 0.99, seed: 3);
        Assert.Equal(a, b);
        Assert.NotEqual(a.Lower, c.Lower);
        Assert.Equal(a.Estimate, c.Estimate);
        Assert.True(wide.Lower <= a.Lower && wide.Upper >= a.Upper);
        Assert.Equal(0.99, wide.ConfidenceLevel);
    }

    [Fact]
    public void QiniAucScoreInterval_NoResponderInAnyResample_ReturnsNaNInterval()
    {
        double[] y = new double[20];
        double[] s = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        int[] t = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        IntervalEstimate interval = UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 10);
        Assert.True(double.IsNaN(interval.Estimate));
        Assert.True(double.IsNaN(interval.Lower) && double.IsNaN(interval.Upper) && double.IsNaN(interval.StandardError));
    }

    [Fact]
    public void QiniAucScoreInterval_BadInput_Throws()
    {
        (double[] y, double[] s, int[] t) = Make(50, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.QiniAucScoreInterval(y, s, t, resampleCount: 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.QiniAucScoreInterval(y, s, t, confidenceLevel: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpliftMetrics.QiniAucScoreInterval(y, s, t, confidenceLevel: double.NaN));
        Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniAucScoreInterval(y, s.AsSpan(1), t));
        y[0] = 2;
        Assert.Throws<ArgumentException>(() => UpliftMetrics.QiniAucScoreInterval(y, s, t));
    }
}
