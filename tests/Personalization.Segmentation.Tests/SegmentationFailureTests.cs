using System.Text;
using System.Text.Json.Nodes;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Segmentation.Tests;

public sealed class SegmentationFailureTests : IClassFixture<OnlineRetailFixture>
{
    private static readonly string[] s_columns = ["recency_days", "frequency", "monetary", "aov", "tenure_days", "return_rate"];
    private readonly OnlineRetailFixture _data;

    public SegmentationFailureTests(OnlineRetailFixture data) => _data = data;

    public static TheoryData<SegmentationPipelineOptions, Type> InvalidOptions => new()
    {
        { new SegmentationPipelineOptions { Columns = [] }, typeof(ArgumentException) },
        { new SegmentationPipelineOptions { Columns = ["frequency", "frequency"], LogColumns = [] }, typeof(ArgumentException) },
        { new SegmentationPipelineOptions { LogColumns = ["basket"] }, typeof(ArgumentException) },
        { new SegmentationPipelineOptions { RevenueColumn = "basket" }, typeof(ArgumentException) },
        { new SegmentationPipelineOptions { ClusterCount = 0 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { MinClusterCount = 1 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { MinClusterCount = 5, MaxClusterCount = 4 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { Restarts = 0 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { SelectionRestarts = 0 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { SilhouetteSampleSize = 1 }, typeof(ArgumentOutOfRangeException) },
        { new SegmentationPipelineOptions { Scaler = (ScalerKind)99 }, typeof(ArgumentOutOfRangeException) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidOption_ThrowsAndFitThrowsTheSame(SegmentationPipelineOptions options, Type expected)
    {
        Assert.IsType(expected, Record.Exception(options.Validate));
        Assert.IsType(expected, Record.Exception(() => new SegmentationPipeline(options).Fit(_data.Features)));
    }

    [Fact]
    public void Validate_Defaults_DoesNotThrow() => new SegmentationPipelineOptions().Validate();

    [Fact]
    public void Fit_IdenticalCustomers_ThrowsInvalidDataNamingProfiles()
    {
        FeatureMatrix<double> same = Repeat([10, 2, 100, 50, 30, 0], 20);

        var e = Assert.Throws<InvalidDataException>(() => new SegmentationPipeline().Fit(same));
        Assert.Contains("identical features", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_FixedKAboveDistinctProfiles_ThrowsInvalidData()
    {
        double[] a = [10, 2, 100, 50, 30, 0];
        double[] b = [90, 1, 20, 20, 0, 0.5];
        FeatureMatrix<double> two = FeatureMatrix<double>.FromRows([a, a, a, b, b, b], s_columns);

        var e = Assert.Throws<InvalidDataException>(() => new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(two));
        Assert.Contains("only 2 distinct feature profiles; use k = 2 or fewer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoCustomerWithAPurchase_ThrowsInvalidData()
    {
        FeatureMatrix<double> none = Repeat([double.NaN, 0, 0, double.NaN, 0, 1], 5);

        Assert.Throws<InvalidDataException>(() => new SegmentationPipeline().Fit(none));
    }

    [Fact]
    public void Fit_MissingColumn_ThrowsArgumentNamingIt()
    {
        FeatureMatrix<double> three = _data.Features.SelectColumns([0, 1, 2]);

        var e = Assert.Throws<ArgumentException>(() => new SegmentationPipeline().Fit(three));
        Assert.Contains("aov", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_NaN_ThrowsArgumentNamingRowAndColumn()
    {
        FeatureMatrix<double> bad = FeatureMatrix<double>.FromRows([[10, 2, 100, 50, 30, 0], [double.NaN, 0, 0, 0, 0, 0]], s_columns, ["A", "B"]);

        var e = Assert.Throws<ArgumentException>(() => _data.Model.Assign(bad));
        Assert.Contains("row 1 (customer 'B'), column 'recency_days'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assign_WrongDestinationLength_ThrowsArgument()
    {
        FeatureMatrix<double> one = FeatureMatrix<double>.FromRows([[10, 2, 100, 50, 30, 0]], s_columns);

        Assert.Throws<ArgumentException>(() => _data.Model.Assign(one, new int[2], []));
        Assert.Throws<ArgumentException>(() => _data.Model.Assign(one, new int[1], new double[3]));
    }

    [Theory]
    [InlineData("segments")]
    [InlineData("columns")]
    [InlineData("formatVersion")]
    public void Load_TamperedFile_ThrowsInvalidData(string part)
    {
        JsonNode root = JsonNode.Parse(ModelPersistence.ToJson(_data.Model))!;
        JsonNode payload = root["payload"]!;
        switch (part)
        {
            case "segments":
                payload["segments"]!.AsArray().RemoveAt(0);
                break;
            case "columns":
                payload["options"]!["columns"]!.AsArray().RemoveAt(5);
                break;
            default:
                payload["kMeans"]!["formatVersion"] = 99;
                break;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(root.ToJsonString()));
        Assert.Throws<InvalidDataException>(() => ModelPersistence.Load<SegmentationModel>(stream));
    }

    [Fact]
    public void Fit_FixedKEqualToTheCustomers_SucceedsWithUndefinedScores()
    {
        FeatureMatrix<double> three = FeatureMatrix<double>.FromRows([[10, 2, 100, 50, 30, 0], [90, 1, 20, 20, 0, 0.5], [200, 5, 900, 180, 300, 0.1]], s_columns);

        SegmentationModel model = new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = 3 }).Fit(three);

        Assert.Equal(3, model.SegmentCount);
        Assert.True(double.IsNaN(Assert.Single(model.Scores).Silhouette));
        Assert.Equal([0, 1, 2], model.Assign(three).Order().ToArray());
    }

    private static FeatureMatrix<double> Repeat(double[] row, int count) =>
        FeatureMatrix<double>.FromRows(Enumerable.Repeat(row, count).ToArray(), s_columns);
}
