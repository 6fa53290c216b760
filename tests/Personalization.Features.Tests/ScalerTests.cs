using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Features.Tests;

public sealed class ScalerTests
{
    private static readonly FeatureMatrix<double> Data = FeatureMatrix<double>.FromArray(
        new double[,] { { 1, 5, 10 }, { 2, 5, -3 }, { 3, 5, 7 }, { 10, 5, 0 } },
        ["a", "b", "c"],
        ["r0", "r1", "r2", "r3"]);

    public static TheoryData<string> Kinds() => new() { "standard", "minmax", "robust" };

    private static ScalerModel Fit(string kind, FeatureMatrix<double> data) => kind switch
    {
        "standard" => new StandardScaler().Fit(data),
        "minmax" => new MinMaxScaler().Fit(data),
        _ => new RobustScaler().Fit(data),
    };

    [Fact]
    public void StandardScaler_Fit_UsesPopulationStd()
    {
        ScalerModel m = new StandardScaler().Fit(Data);

        Assert.Equal(4, m.Offsets[0], 12);
        Assert.Equal(Math.Sqrt((9 + 4 + 1 + 36) / 4.0), m.Scales[0], 12);
        Assert.Equal(ScalerKind.Standard, m.Kind);
    }

    [Fact]
    public void RobustScaler_Fit_UsesLinearInterpolatedQuartiles()
    {
        ScalerModel m = new RobustScaler().Fit(Data);

        // Column a sorted 1,2,3,10: median 2.5, Q1 = 1.75, Q3 = 4.75.
        Assert.Equal(2.5, m.Offsets[0], 12);
        Assert.Equal(3, m.Scales[0], 12);
    }

    [Fact]
    public void MinMaxScaler_CustomRange_MapsMinAndMax()
    {
        ScalerModel m = new MinMaxScaler(new MinMaxScalerOptions { RangeMin = -1, RangeMax = 1 }).Fit(Data);
        FeatureMatrix<double> z = m.Transform(Data);

        Assert.Equal(-1, z[0, 0], 12);
        Assert.Equal(1, z[3, 0], 12);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_ConstantColumn_GetsScaleOne(string kind)
    {
        ScalerModel m = Fit(kind, Data);

        Assert.Equal(1, m.Scales[1]);
        FeatureMatrix<double> z = m.Transform(Data);
        Assert.Equal(["r0", "r1", "r2", "r3"], z.RowIds);
        Assert.Equal(Data.ColumnNames, z.ColumnNames);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveLoad_RoundTrip_BitIdentical(string kind)
    {
        ScalerModel m = Fit(kind, Data);
        string json = ModelPersistence.ToJson(m);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        ScalerModel loaded = ModelPersistence.Load<ScalerModel>(stream);

        Assert.Equal(m.Kind, loaded.Kind);
        Assert.Equal(m.Offsets, loaded.Offsets);
        Assert.Equal(m.Scales, loaded.Scales);
        Assert.Equal(m.Transform(Data).AsSpan().ToArray(), loaded.Transform(Data).AsSpan().ToArray());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Transform_WrongColumns_ThrowsNamingColumns(string kind)
    {
        ScalerModel m = Fit(kind, Data);

        var ex = Assert.Throws<ArgumentException>(() => m.Transform(Data.SelectColumns([0, 1])));
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => m.Transform(Data.WithColumnNames(["a", "c", "b"])));
        Assert.Throws<ArgumentException>(() => m.InverseTransform(Data.SelectColumns([0, 1])));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_NaN_ThrowsNamingRowAndColumn(string kind)
    {
        var bad = FeatureMatrix<double>.FromArray(new double[,] { { 1, 2 }, { double.NaN, 3 } });

        var ex = Assert.Throws<ArgumentException>(() => Fit(kind, bad));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_Empty_Throws(string kind) =>
        Assert.Throws<ArgumentException>(() => Fit(kind, FeatureMatrix<double>.FromRows([], ["a"])));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fit_Null_Throws(string kind) =>
        Assert.Throws<ArgumentNullException>(() => Fit(kind, null!));

    [Fact]
    public void Transform_NaN_Throws()
    {
        ScalerModel m = new StandardScaler().Fit(Data);
        var bad = FeatureMatrix<double>.FromArray(new double[,] { { 1, double.PositiveInfinity, 3 } }, ["a", "b", "c"]);

        Assert.Throws<ArgumentException>(() => m.Transform(bad));
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxScaler(new() { RangeMin = 1, RangeMax = 1 }).Fit(Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinMaxScaler(new() { RangeMin = double.NaN }).Fit(Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustScaler(new() { LowerPercentile = 80, UpperPercentile = 20 }).Fit(Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustScaler(new() { UpperPercentile = 101 }).Fit(Data));
    }

    [Fact]
    public void Load_CorruptScale_ThrowsInvalidData()
    {
        string json = ModelPersistence.ToJson(new StandardScaler().Fit(Data)).Replace("\"scales\": [", "\"scales\": [0, ", StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.Throws<InvalidDataException>(() => ModelPersistence.Load<ScalerModel>(stream));
    }

    [Fact]
    public void IScaler_Fit_ReturnsScalerModel()
    {
        IScaler scaler = new RobustScaler();
        IScalerModel model = scaler.Fit(Data);

        Assert.IsType<ScalerModel>(model);
        Assert.Equal("ScalerModel", model.ModelType);
    }
}
