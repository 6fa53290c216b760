using FsCheck;
using FsCheck.Xunit;
using Personalization.Persistence;

namespace Personalization.Monitoring.Tests;

public sealed class PopulationStabilityTests
{
    private static readonly double[] s_reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Fact]
    public void Index_HandComputedCase_Matches()
    {
        // Quintile edges of 1..10 by linear interpolation: h = 9 b/5 -> 2.8, 4.6, 6.4, 8.2.
        // Reference shares 0.2 each. Current {1,1,1,3,5,7,9,9,20,30}: bins (<=2.8) 3, (<=4.6) 1,
        // (<=6.4) 1, (<=8.2) 1, (>8.2) 4 -> shares 0.3, 0.1, 0.1, 0.1, 0.4.
        // PSI = 0.1 ln 1.5 + 3 (-0.1) ln 0.5 + 0.2 ln 2 = 0.387120...
        double[] current = [1, 1, 1, 3, 5, 7, 9, 9, 20, 30];
        PsiResult result = PopulationStability.Index(s_reference, current, new PsiBinningOptions { BinCount = 5 });
        Assert.Equal([2.8, 4.6, 6.4, 8.2], result.Edges.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.3, 0.1, 0.1, 0.1, 0.4], result.CurrentShares.ToArray(), (a, b) => Math.Abs(a - b) < 1e-15);
        double expected = (0.1 * Math.Log(1.5)) + (3 * -0.1 * Math.Log(0.5)) + (0.2 * Math.Log(2));
        TestData.Close(expected, result.Index, rel: 1e-14);
        TestData.Close(0.38712010109078907, result.Index, rel: 1e-12);
    }

    [Fact]
    public void Index_EmptyBins_UseEpsilon()
    {
        // Current shares 0.5, 0, 0, 0, 0.5: the three empty bins count as 1e-4.
        double[] current = [1, 1, 1, 1, 1, 9, 9, 9, 9, 9];
        PsiResult result = PopulationStability.Index(s_reference, current, new PsiBinningOptions { BinCount = 5, Epsilon = 1e-4 });
        double expected = (2 * 0.3 * Math.Log(2.5)) + (3 * (1e-4 - 0.2) * Math.Log(1e-4 / 0.2));
        TestData.Close(expected, result.Index, rel: 1e-14);
    }

    [Fact]
    public void Index_TiedReference_MergesEdges()
    {
        double[] reference = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
        PsiResult result = PopulationStability.Index(reference, reference, new PsiBinningOptions { BinCount = 10 });
        Assert.True(result.Edges.Count < 9);
        Assert.Equal(result.Edges.Count + 1, result.ReferenceShares.Count);
        Assert.Equal(0.0, result.Index);
    }

    [Property(MaxTest = 100)]
    public bool Index_IdenticalSamples_IsZero(NonEmptyArray<NormalFloat> sample, PositiveInt bins)
    {
        double[] values = Array.ConvertAll(sample.Get, v => v.Get);
        var options = new PsiBinningOptions { BinCount = 2 + (bins.Get % 50) };
        return PopulationStability.Index(values, values, options).Index == 0.0;
    }

    [Property(MaxTest = 100)]
    public bool Index_AnySamples_IsNonNegative(NonEmptyArray<NormalFloat> a, NonEmptyArray<NormalFloat> b) =>
        PopulationStability.Index(Array.ConvertAll(a.Get, v => v.Get), Array.ConvertAll(b.Get, v => v.Get)).Index >= 0.0;

    [Fact]
    public void Index_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([], [1.0]));
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([1.0], []));
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([double.NaN], [1.0]));
        Assert.Throws<ArgumentException>(() => PopulationStability.Index([1.0], [double.NegativeInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStability.Index([1.0], [1.0], new PsiBinningOptions { BinCount = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStability.Index([1.0], [1.0], new PsiBinningOptions { BinCount = 1001 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStability.Index([1.0], [1.0], new PsiBinningOptions { Epsilon = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStability.Index([1.0], [1.0], new PsiBinningOptions { Epsilon = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PopulationStability.Index([1.0], [1.0], new PsiBinningOptions { Epsilon = 0.5 }));
    }

    [Fact]
    public void Model_ComputeMatchesStaticIndex()
    {
        double[] a = TestData.SplitMix(11, 300);
        double[] b = TestData.SplitMix(12, 200, 1.2, 0.1);
        var reference = new FeatureMatrix<double>(a, 300, 1, ["x"]);
        var current = new FeatureMatrix<double>(b, 200, 1, ["x"]);
        PsiBinningModel model = new PsiBinning().Fit(reference);
        Assert.Equal(PopulationStability.Index(a, b).Index, model.Compute(current)[0].Index);
        Assert.Equal(PopulationStability.Index(a, b).Index, model.Compute(0, b).Index);
        Assert.Equal(300, model.ReferenceRowCount);
        Assert.Equal(9, model.Edges(0).Count);
        Assert.Equal(1.0, model.ReferenceShares(0).Sum(), 12);
    }

    [Fact]
    public void Model_SaveAndLoad_RoundTripsBitIdentically()
    {
        double[] values = TestData.SplitMix(21, 500 * 2);
        var reference = new FeatureMatrix<double>(values, 500, 2, ["recency", "monetary"]);
        PsiBinningModel model = new PsiBinning(new PsiBinningOptions { BinCount = 7, Epsilon = 1e-3 }).Fit(reference);
        string json = ModelPersistence.ToJson(model);
        PsiBinningModel loaded = ModelPersistence.FromJson<PsiBinningModel>(json);
        Assert.Equal(json, ModelPersistence.ToJson(loaded));
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.ColumnNames, loaded.ColumnNames);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(model.Edges(c), loaded.Edges(c));
            Assert.Equal(model.ReferenceShares(c), loaded.ReferenceShares(c));
        }

        var current = new FeatureMatrix<double>(TestData.SplitMix(22, 200), 100, 2, ["recency", "monetary"]);
        Assert.Equal(model.Compute(current)[1].Index, loaded.Compute(current)[1].Index);
    }

    [Fact]
    public void Model_CorruptPayload_ThrowsInvalidData()
    {
        var reference = new FeatureMatrix<double>(TestData.SplitMix(5, 50), 50, 1, ["x"]);
        string json = ModelPersistence.ToJson(new PsiBinning().Fit(reference));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json.Replace("\"referenceShares\"", "\"other\"", StringComparison.Ordinal)));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json.Replace("\"binCount\": 10", "\"binCount\": 1", StringComparison.Ordinal)));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.FromJson<PsiBinningModel>(json.Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal)));
    }

    [Fact]
    public void Model_BadInput_Throws()
    {
        var reference = new FeatureMatrix<double>(TestData.SplitMix(5, 50), 25, 2, ["a", "b"]);
        Assert.Throws<ArgumentNullException>(() => new PsiBinning().Fit(null!));
        Assert.Throws<ArgumentException>(() => new PsiBinning().Fit(new FeatureMatrix<double>([], 0, 2)));
        Assert.Throws<ArgumentException>(() => new PsiBinning().Fit(new FeatureMatrix<double>([1.0, double.NaN], 1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PsiBinning(new PsiBinningOptions { BinCount = 0 }).Fit(reference));
        Assert.Throws<OperationCanceledException>(() => new PsiBinning().Fit(reference, new CancellationToken(true)));
        PsiBinningModel model = new PsiBinning().Fit(reference);
        Assert.Throws<ArgumentNullException>(() => model.Compute(null!));
        Assert.Throws<ArgumentException>(() => model.Compute(new FeatureMatrix<double>([1.0, 2.0], 1, 2, ["b", "a"])));
        Assert.Throws<ArgumentException>(() => model.Compute(new FeatureMatrix<double>([1.0], 1, 1, ["a"])));
        Assert.Throws<ArgumentException>(() => model.Compute(new FeatureMatrix<double>([], 0, 2, ["a", "b"])));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Compute(2, [1.0]));
        Assert.Throws<ArgumentException>(() => model.Compute(0, []));
        Assert.Throws<ArgumentException>(() => model.Compute(0, [double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Edges(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.ReferenceShares(2));
    }
}
