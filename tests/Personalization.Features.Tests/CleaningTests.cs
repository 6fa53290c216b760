using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Features.Tests;

public sealed class CleaningTests
{
    private static readonly FeatureMatrix<double> WithGaps = FeatureMatrix<double>.FromArray(
        new double[,] { { 1, double.NaN }, { 2, 4 }, { double.NaN, 6 }, { 10, 20 } },
        ["a", "b"],
        ["r0", "r1", "r2", "r3"]);

    private static T RoundTrip<T>(T model)
        where T : IPersistableModel<T>
    {
        using var stream = new MemoryStream();
        ModelPersistence.Save(model, stream);
        stream.Position = 0;
        return ModelPersistence.Load<T>(stream);
    }

    [Theory]
    [InlineData(ImputationStrategy.Median, 2, 6)]
    [InlineData(ImputationStrategy.Mean, 13.0 / 3, 10)]
    [InlineData(ImputationStrategy.Constant, -1, -1)]
    public void SimpleImputer_FillsNaNWithStatistic(ImputationStrategy strategy, double fillA, double fillB)
    {
        ImputerModel m = new SimpleImputer(new() { Strategy = strategy, FillValue = -1 }).Fit(WithGaps);
        FeatureMatrix<double> filled = RoundTrip(m).Transform(WithGaps);

        Assert.Equal(fillA, filled[2, 0], 12);
        Assert.Equal(fillB, filled[0, 1], 12);
        Assert.Equal(2, filled[1, 0]);
        Assert.Equal(WithGaps.RowIds, filled.RowIds);
    }

    [Fact]
    public void SimpleImputer_AllMissingColumn_ThrowsNamingColumn()
    {
        var data = FeatureMatrix<double>.FromArray(new double[,] { { 1, double.NaN }, { 2, double.NaN } }, ["a", "b"]);

        var ex = Assert.Throws<ArgumentException>(() => new SimpleImputer().Fit(data));
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, new SimpleImputer(new() { Strategy = ImputationStrategy.Constant }).Fit(data).FillValues[1]);
    }

    [Fact]
    public void SimpleImputer_Infinity_ThrowsNamingRowAndColumn()
    {
        var data = FeatureMatrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, double.PositiveInfinity } });

        var ex = Assert.Throws<ArgumentException>(() => new SimpleImputer().Fit(data));
        Assert.Contains("row 1, column 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SimpleImputer().Fit(FeatureMatrix<double>.FromRows([], ["a"])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleImputer(new() { Strategy = ImputationStrategy.Constant, FillValue = double.NaN }).Fit(WithGaps));
    }

    [Fact]
    public void Winsorizer_CapsAtTrainingQuantiles_AndAppliesToNewData()
    {
        var train = new FeatureMatrix<double>(Enumerable.Range(0, 101).Select(i => (double)i).ToArray(), 101, 1, ["x"]);
        WinsorizerModel m = new Winsorizer(new() { LowerQuantile = 0.05, UpperQuantile = 0.95 }).Fit(train);

        Assert.Equal(5, m.LowerBounds[0], 12);
        Assert.Equal(95, m.UpperBounds[0], 12);
        FeatureMatrix<double> capped = RoundTrip(m).Transform(new FeatureMatrix<double>([-1000, 50, 1e9, double.NaN], 4, 1, ["x"]));
        Assert.Equal([5, 50, 95, double.NaN], capped.AsSpan().ToArray());
    }

    [Fact]
    public void Winsorizer_BadQuantiles_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Winsorizer(new() { LowerQuantile = 0.9, UpperQuantile = 0.1 }).Fit(WithGaps));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Winsorizer(new() { UpperQuantile = 1.5 }).Fit(WithGaps));
    }

    [Fact]
    public void Log1p_SelectedColumns_TransformedAndSignedAcceptsNegatives()
    {
        var data = FeatureMatrix<double>.FromArray(new double[,] { { 0, -5 }, { Math.E - 1, 3 } }, ["a", "b"]);
        Log1pModel m = new Log1pTransform(new() { Columns = ["a"] }).Fit(data);
        FeatureMatrix<double> z = RoundTrip(m).Transform(data);

        Assert.Equal([0, -5, 1, 3], z.AsSpan().ToArray());
        FeatureMatrix<double> signed = new Log1pTransform(new() { Signed = true }).Fit(data).Transform(data);
        Assert.Equal(-Math.Log(6), signed[0, 1], 12);
    }

    [Fact]
    public void Log1p_ValueAtMostMinusOne_ThrowsNamingCell()
    {
        var data = FeatureMatrix<double>.FromArray(new double[,] { { 0, -5 } }, ["a", "b"]);

        var ex = Assert.Throws<ArgumentException>(() => new Log1pTransform().Fit(data).Transform(data));
        Assert.Contains("row 0, column 1 ('b')", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Log1pTransform(new() { Columns = ["zz"] }).Fit(data));
    }

    [Fact]
    public void OutlierDetection_Iqr_FlagsAndReportsWithoutRemoving()
    {
        var data = new FeatureMatrix<double>([1, 2, 3, 4, 100], 5, 1, ["spend"], ["a", "b", "c", "d", "e"]);
        OutlierReport report = OutlierDetection.Iqr(data);

        // Q1 = 2, Q3 = 4, IQR = 2: fences [-1, 7].
        Assert.Equal(-1, report.LowerBounds[0], 12);
        Assert.Equal(7, report.UpperBounds[0], 12);
        Assert.Equal([4], report.FlaggedRows);
        Assert.Equal(["e"], report.FlaggedRowIds);
        Assert.Equal(1, report.CountsByColumn[0]);
        Assert.True(report.IsOutlier(4, 0));
        Assert.Equal(5, report.ToFlagMatrix().RowCount);
        Assert.Equal("spend_outlier", report.ToFlagMatrix().ColumnNames[0]);
    }

    [Fact]
    public void OutlierDetection_ZScore_FlagsBeyondThreshold()
    {
        double[] values = [.. Enumerable.Repeat(0.0, 20), 10];
        OutlierReport report = OutlierDetection.ZScore(new FeatureMatrix<double>(values, 21, 1), 3);

        Assert.Equal([20], report.FlaggedRows);
        Assert.Empty(OutlierDetection.ZScore(new FeatureMatrix<double>([5, 5, 5], 3, 1)).FlaggedRows);
    }

    [Fact]
    public void OutlierDetection_BadArguments_Throw()
    {
        var nan = new FeatureMatrix<double>([1, double.NaN], 2, 1);
        Assert.Throws<ArgumentException>(() => OutlierDetection.Iqr(nan));
        Assert.Throws<ArgumentException>(() => OutlierDetection.ZScore(nan));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlierDetection.Iqr(new FeatureMatrix<double>([1, 2], 2, 1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlierDetection.ZScore(new FeatureMatrix<double>([1, 2], 2, 1), double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutlierDetection.Iqr(new FeatureMatrix<double>([1, 2], 2, 1)).IsOutlier(2, 0));
    }

    [Fact]
    public void OneHotEncoder_KnownCategories_EncodesSortedColumns()
    {
        OneHotEncoderModel m = new OneHotEncoder(new() { ColumnName = "tier" }).Fit(["Gold", "Bronze", "Gold"]);
        FeatureMatrix<double> z = RoundTrip(m).Transform(["Bronze", "Gold"], ["c1", "c2"]);

        Assert.Equal(["tier=Bronze", "tier=Gold"], z.ColumnNames);
        Assert.Equal([1, 0, 0, 1], z.AsSpan().ToArray());
        Assert.Equal(["c1", "c2"], z.RowIds);
    }

    [Fact]
    public void OneHotEncoder_UnknownCategory_ErrorNamesValueOrIgnoreGivesZeros()
    {
        OneHotEncoderModel strict = new OneHotEncoder().Fit(["a", "b"]);
        var ex = Assert.Throws<ArgumentException>(() => strict.Transform(["a", "c"]));
        Assert.Contains("values[1] is 'c'", ex.Message, StringComparison.Ordinal);

        OneHotEncoderModel lenient = new OneHotEncoder(new() { UnknownCategory = UnknownCategoryHandling.Ignore }).Fit(["a", "b"]);
        Assert.Equal([0, 0], lenient.Transform(["c"]).AsSpan().ToArray());
    }

    [Fact]
    public void Encoders_NullOrEmptyValues_Throw()
    {
        Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit(["a", null]));
        Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit([]));
        Assert.Throws<ArgumentException>(() => new OrdinalEncoder().Fit([null]));
        Assert.Throws<ArgumentException>(() => new OneHotEncoder().Fit(["a"]).Transform(["a"], ["x", "y"]));
    }

    [Fact]
    public void OrdinalEncoder_ListedOrder_UsedAndUnknownHandled()
    {
        OrdinalEncoderModel m = new OrdinalEncoder(new() { ColumnName = "tier", Categories = ["Bronze", "Silver", "Gold"], UnknownCategory = UnknownCategoryHandling.Ignore })
            .Fit(["Gold", "Bronze"]);
        FeatureMatrix<double> z = RoundTrip(m).Transform(["Gold", "Silver", "Platinum"]);

        Assert.Equal([2, 1, -1], z.AsSpan().ToArray());
        Assert.Equal(["tier"], z.ColumnNames);
        Assert.Throws<ArgumentException>(() => new OrdinalEncoder(new() { Categories = ["a"] }).Fit(["b"]));
        Assert.Throws<ArgumentException>(() => new OrdinalEncoder().Fit(["a"]).Transform(["b"]));
        Assert.Throws<ArgumentException>(() => new OrdinalEncoder(new() { Categories = ["a", "a"] }).Fit(["a"]));
    }

    [Fact]
    public void FeatureMatrices_ConcatenateColumns_JoinsAndChecksRows()
    {
        var a = new FeatureMatrix<double>([1, 2], 2, 1, ["a"], ["x", "y"]);
        var b = new FeatureMatrix<double>([3, 4], 2, 1, ["b"]);
        FeatureMatrix<double> ab = FeatureMatrices.ConcatenateColumns(a, b);

        Assert.Equal([1, 3, 2, 4], ab.AsSpan().ToArray());
        Assert.Equal(["x", "y"], ab.RowIds);
        Assert.Throws<ArgumentException>(() => FeatureMatrices.ConcatenateColumns(a, new FeatureMatrix<double>([3], 1, 1, ["b"])));
        Assert.Throws<ArgumentException>(() => FeatureMatrices.ConcatenateColumns(a, new FeatureMatrix<double>([3, 4], 2, 1, ["b"], ["y", "x"])));
        Assert.Throws<ArgumentException>(() => FeatureMatrices.ConcatenateColumns(a, a));
    }
}
