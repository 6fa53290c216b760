using Personalization.Clustering;

namespace Personalization.Clustering.Tests;

public sealed class KMeansValidationTests
{
    private static readonly FeatureMatrix<double> s_small = FeatureMatrix<double>.FromRows([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0], [6.0, 6.0]]);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Fit_ClusterCountBelowOne_ThrowsArgumentOutOfRange(int k)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(k).Fit(s_small));
        Assert.Contains("ClusterCount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ClusterCountAboveRowCount_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(5).Fit(s_small));
        Assert.Contains("only 4 rows", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Fit_NonFiniteValue_ThrowsNamingRowAndColumn(double bad)
    {
        var data = FeatureMatrix<double>.FromRows([[0.0, 0.0], [1.0, 1.0], [5.0, bad], [6.0, 6.0]], ["recency", "frequency"]);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(data));
        Assert.Contains("row 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("frequency", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NonFiniteFloat_ThrowsNamingRowAndColumn()
    {
        var data = FeatureMatrix<float>.FromRows([[0f, 0f], [float.NaN, 1f], [5f, 5f]]);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(data));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_EmptyMatrix_ThrowsArgumentException()
    {
        var empty = new FeatureMatrix<double>(ReadOnlySpan<double>.Empty, 0, 3);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(1).Fit(empty));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoColumns_ThrowsArgumentException()
    {
        var empty = new FeatureMatrix<double>(ReadOnlySpan<double>.Empty, 3, 0);
        Assert.Throws<ArgumentException>(() => new KMeans(1).Fit(empty));
    }

    [Fact]
    public void Fit_NullData_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new KMeans(1).Fit<double>(null!));
    }

    [Fact]
    public void Fit_WeightLengthMismatch_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(s_small, [1.0, 1.0, 1.0]));
        Assert.Contains("sampleWeights has 3 weights but data has 4 rows", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fit_BadWeight_ThrowsArgumentException(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(s_small, [1.0, bad, 1.0, 1.0]));
        Assert.Contains("sampleWeights[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_FewerPositiveWeightsThanClusters_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(s_small, [0.0, 0.0, 0.0, 1.0]));
        Assert.Contains("1 positive weights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_MaxIterationsZero_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, MaxIterations = 0 }).Fit(s_small));
    }

    [Theory]
    [InlineData(-1e-4)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Fit_BadTolerance_ThrowsArgumentOutOfRange(double tolerance)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Tolerance = tolerance }).Fit(s_small));
    }

    [Fact]
    public void Fit_RestartsZero_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Restarts = 0 }).Fit(s_small));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Fit_BadDegreeOfParallelism_ThrowsArgumentOutOfRange(int dop)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, MaxDegreeOfParallelism = dop }).Fit(s_small));
    }

    [Fact]
    public void Fit_UndefinedEnum_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Initialization = (KMeansInitialization)42 }).Fit(s_small));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Algorithm = (KMeansAlgorithm)42 }).Fit(s_small));
    }

    [Fact]
    public void Fit_GivenWithoutCentroids_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(new KMeansOptions { ClusterCount = 2, Initialization = KMeansInitialization.Given }).Fit(s_small));
        Assert.Contains("InitialCentroids", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InitialCentroidsWrongShape_ThrowsArgumentException()
    {
        var three = FeatureMatrix<double>.FromRows([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(s_small, three));
        Assert.Contains("3 x 2", ex.Message, StringComparison.Ordinal);
        var options = new KMeansOptions { ClusterCount = 2, Initialization = KMeansInitialization.Given, InitialCentroids = FeatureMatrix<double>.FromRows([[0.0], [1.0]]) };
        Assert.Throws<ArgumentException>(() => new KMeans(options).Fit(s_small));
    }

    [Fact]
    public void Fit_InitialCentroidsNotFinite_ThrowsArgumentException()
    {
        var bad = FeatureMatrix<double>.FromRows([[0.0, 0.0], [double.NaN, 1.0]]);
        var ex = Assert.Throws<ArgumentException>(() => new KMeans(2).Fit(s_small, bad));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NullInitialCentroids_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new KMeans(2).Fit(s_small, (FeatureMatrix<double>)null!));
    }

    [Fact]
    public void Fit_HalfPrecision_ThrowsNotSupported()
    {
        var data = FeatureMatrix<Half>.FromRows([[(Half)1], [(Half)2]]);
        Assert.Throws<NotSupportedException>(() => new KMeans(1).Fit(data));
    }

    [Fact]
    public void Constructor_NullOptions_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new KMeans(null!));
    }

    [Fact]
    public void WithClusterCount_BelowOne_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeans(2).WithClusterCount(0));
    }

    [Fact]
    public void Predict_WrongColumnCount_ThrowsArgumentException()
    {
        KMeansModel<double> model = new KMeans(2).Fit(s_small);
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(FeatureMatrix<double>.FromRows([[1.0]])));
        Assert.Contains("1 columns", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix<double>.FromRows([[1.0]])));
        Assert.Throws<ArgumentException>(() => model.Score(FeatureMatrix<double>.FromRows([[1.0]])));
    }

    [Fact]
    public void Predict_LabelsTooShort_ThrowsArgumentException()
    {
        KMeansModel<double> model = new KMeans(2).Fit(s_small);
        Assert.Throws<ArgumentException>(() => model.Predict(s_small, new int[3]));
    }

    [Fact]
    public void Predict_NonFinite_ThrowsNamingRowAndColumn()
    {
        KMeansModel<float> model = new KMeans(2).Fit(s_small.Convert<float>());
        var rows = new float[5000 * 2];
        rows[(4321 * 2) + 1] = float.PositiveInfinity;
        var data = FeatureMatrix<float>.FromOwnedArray(rows, 5000, 2);
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(data));
        Assert.Contains("row 4321", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => model.Transform(data));
        Assert.Throws<ArgumentException>(() => model.Score(data));
    }

    [Fact]
    public void Predict_NullData_ThrowsArgumentNull()
    {
        KMeansModel<double> model = new KMeans(2).Fit(s_small);
        Assert.Throws<ArgumentNullException>(() => model.Predict(null!));
    }

    [Fact]
    public void Score_WeightMismatch_ThrowsArgumentException()
    {
        KMeansModel<double> model = new KMeans(2).Fit(s_small);
        Assert.Throws<ArgumentException>(() => model.Score(s_small, [1.0]));
        Assert.Throws<ArgumentException>(() => model.Score(s_small, [1.0, -1.0, 1.0, 1.0]));
    }

    [Fact]
    public void Fit_CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new KMeans(2).Fit(s_small, cts.Token));
    }
}
