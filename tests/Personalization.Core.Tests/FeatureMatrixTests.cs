using FsCheck;
using FsCheck.Xunit;

namespace Personalization.Core.Tests;

public sealed class FeatureMatrixTests
{
    [Fact]
    public void Constructor_CopiesValues_AndExposesRowsWithoutCopy()
    {
        double[] values = [1, 2, 3, 4, 5, 6];
        var m = new FeatureMatrix<double>(values, 2, 3, ["a", "b", "c"], ["c1", "c2"]);
        values[0] = 99;
        Assert.Equal(1, m[0, 0]);
        Assert.Equal([4.0, 5, 6], m.Row(1).ToArray());
        Assert.Equal("c2", m.RowIds![1]);
        Assert.Equal(2, m.ColumnIndex("c"));
        Assert.Equal([2.0, 5], m.GetColumn(1));
    }

    [Fact]
    public void DefaultColumnNames_AreX0ToXn()
    {
        var m = FeatureMatrix<float>.FromArray(new float[,] { { 1, 2 } });
        Assert.Equal(["x0", "x1"], m.ColumnNames);
        Assert.Null(m.RowIds);
    }

    [Fact]
    public void Constructor_ShapeMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FeatureMatrix<double>(new double[5], 2, 3));
        Assert.Contains("2 x 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongNameCountOrDuplicateName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FeatureMatrix<double>(new double[4], 2, 2, ["a"]));
        var ex = Assert.Throws<ArgumentException>(() => new FeatureMatrix<double>(new double[4], 2, 2, ["a", "a"]));
        Assert.Contains("more than once", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FeatureMatrix<double>(new double[4], 2, 2, null, ["only-one"]));
    }

    [Fact]
    public void FromRows_RaggedRows_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => FeatureMatrix<double>.FromRows([[1, 2], [3]]));
        Assert.Contains("rows[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnIndex_UnknownName_ListsColumns()
    {
        var m = new FeatureMatrix<double>(new double[2], 1, 2, ["recency", "frequency"]);
        var ex = Assert.Throws<ArgumentException>(() => m.ColumnIndex("monetary"));
        Assert.Contains("recency, frequency", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ThrowIfNotFinite_NamesFirstBadRowAndColumn(double bad)
    {
        var values = new double[40 * 3];
        values[(17 * 3) + 2] = bad;
        values[(30 * 3) + 1] = bad;
        var m = new FeatureMatrix<double>(values, 40, 3, ["r", "f", "m"]);
        Assert.True(m.TryFindNonFinite(out int row, out int column));
        Assert.Equal((17, 2), (row, column));
        var ex = Assert.Throws<ArgumentException>(() => m.ThrowIfNotFinite("features"));
        Assert.Contains("row 17", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 2 ('m')", ex.Message, StringComparison.Ordinal);
        Assert.Equal("features", ex.ParamName);
    }

    [Fact]
    public void ThrowIfEmptyOrNotFinite_Empty_Throws()
    {
        var m = new FeatureMatrix<double>([], 0, 3);
        var ex = Assert.Throws<ArgumentException>(() => m.ThrowIfEmptyOrNotFinite());
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public void TryFindNonFinite_AgreesWithScalarScan_AtEveryLength(PositiveInt length, int seed)
    {
        int n = length.Get % 300;
        var rng = new Random(seed);
        var values = new float[n];
        int expected = -1;
        for (int i = 0; i < n; i++)
        {
            values[i] = (float)rng.NextDouble();
            if (rng.Next(40) == 0)
            {
                values[i] = rng.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
                if (expected < 0)
                {
                    expected = i;
                }
            }
        }

        var m = new FeatureMatrix<float>(values, n, 1);
        bool found = m.TryFindNonFinite(out int row, out _);
        Assert.Equal(expected >= 0, found);
        Assert.Equal(expected, row);
    }

    [Fact]
    public void SelectRowsAndColumns_KeepNamesAndIds()
    {
        var m = new FeatureMatrix<double>([1, 2, 3, 4, 5, 6], 3, 2, ["a", "b"], ["x", "y", "z"]);
        FeatureMatrix<double> rows = m.SelectRows([2, 0]);
        Assert.Equal(["z", "x"], rows.RowIds!);
        Assert.Equal([5.0, 6, 1, 2], rows.AsSpan().ToArray());
        FeatureMatrix<double> cols = m.SelectColumns([1]);
        Assert.Equal(["b"], cols.ColumnNames);
        Assert.Equal([2.0, 4, 6], cols.AsSpan().ToArray());
    }

    [Fact]
    public void Convert_ToFloat_KeepsShape()
    {
        var m = new FeatureMatrix<double>([1.5, 2.5], 1, 2, ["a", "b"], ["id"]);
        FeatureMatrix<float> f = m.Convert<float>();
        Assert.Equal(1.5f, f[0, 0]);
        Assert.Equal(m.ColumnNames, f.ColumnNames);
        Assert.Equal(m.RowIds, f.RowIds);
    }
}
