using System.Text;

namespace Personalization.Features.Tests;

public sealed class ExperimentCsvReaderTests
{
    private const string Csv =
        "id,arm,visit,spend,recency,channel\n" +
        "u1,control,0,0,3,Web\n" +
        "u2,b,1,12.5,1,Phone\n" +
        "u3,a,1,3,2,Web\n" +
        "u4,c,0,0,5,Web\n" +
        "u5,control,1,7,4,\"Multi, channel\"\n" +
        "u6,a,oops,0,1,Web\n";

    private static ExperimentCsvData Read(ExperimentCsvSchema schema, CsvReadReport report)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        return ExperimentCsvReader.Read(stream, "test.csv", schema, report);
    }

    private static ExperimentCsvSchema Schema(IReadOnlyList<string>? arms = null) => new()
    {
        TreatmentColumn = "arm",
        ControlArm = "control",
        TreatmentArms = arms,
        OutcomeColumns = ["visit", "spend"],
        NumericColumns = ["recency"],
        CategoricalColumns = ["channel"],
        IdColumn = "id",
    };

    [Fact]
    public void Read_GivenArms_KeepsThemInOrderAndCountsTheRest()
    {
        var report = new CsvReadReport();
        ExperimentCsvData data = Read(Schema(["b", "a"]), report);

        Assert.Equal(["control", "b", "a"], data.ArmNames);
        Assert.Equal(["u1", "u2", "u3", "u5"], data.Ids);
        Assert.Equal([0, 1, 2, 0], data.Treatment.ToArray());
        Assert.Equal([0, 12.5, 3, 7], data.Outcome("spend").ToArray());
        Assert.Equal([2, 1, 1], data.ArmSizes);
        Assert.Equal(1, data.RowsOtherArms);
        Assert.Equal(1, report.RejectedCount); // u6: "oops" is not a number
        Assert.Equal("Multi, channel", data.Categories("channel")[3]);
    }

    [Fact]
    public void Read_NoArmsGiven_KeepsEveryOtherValueInOrdinalOrder()
    {
        ExperimentCsvData data = Read(Schema(), new CsvReadReport());
        Assert.Equal(["control", "a", "b", "c"], data.ArmNames);
        Assert.Equal([0, 2, 1, 3, 0], data.Treatment.ToArray());
        Assert.Equal(0, data.RowsOtherArms);
    }

    [Fact]
    public void FitFeatures_NumericThenOneHot_AndToUpliftData()
    {
        ExperimentCsvData data = Read(Schema(["a"]), new CsvReadReport());
        (FeatureMatrix<double> features, var encoders) = data.FitFeatures();

        Assert.Single(encoders);
        Assert.Equal(data.Count, features.RowCount);
        Assert.Equal("recency", features.ColumnNames![0]);
        Assert.Equal(1 + encoders[0].Categories.Count, features.ColumnCount);
        Assert.Equal(data.Ids, features.RowIds);
        UpliftData uplift = data.ToUpliftData(features, "visit");
        Assert.Equal(["control", "a"], uplift.ArmNames);
        Assert.Equal([0, 1, 1], uplift.Outcome.ToArray());
        Assert.Equal(features.ColumnCount, data.Features(encoders).ColumnCount);
    }

    [Fact]
    public void Outcome_UnknownColumn_ThrowsNamingTheColumns()
    {
        ExperimentCsvData data = Read(Schema(["a"]), new CsvReadReport());
        var ex = Assert.Throws<ArgumentException>(() => data.Outcome("revenue"));
        Assert.Equal("column", ex.ParamName);
        Assert.Contains("visit, spend", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidSchema_Throws()
    {
        Assert.Throws<ArgumentException>(() => Read(Schema() with { OutcomeColumns = [] }, new CsvReadReport()));
        Assert.Throws<ArgumentException>(() => Read(Schema(["control"]), new CsvReadReport()));
        Assert.Throws<ArgumentNullException>(() => ExperimentCsvReader.Read((string)null!, Schema(), new CsvReadReport()));
    }
}
