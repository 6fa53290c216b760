using Personalization.Features;

namespace Personalization.Segmentation.Tests;

/// <summary>The Online Retail transactions (../shared/data), the default segmentation features and one fitted model, shared by the tests.</summary>
public sealed class OnlineRetailFixture
{
    public OnlineRetailFixture()
    {
        CsvLoadResult<Transaction> load = OnlineRetailCsv.ReadAll(DataPath("online_retail.csv.gz"));
        Transactions = load.Records;
        Features = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = new SegmentationPipelineOptions().Columns }).Extract(Transactions);
        Model = new SegmentationPipeline().Fit(Features);
    }

    public IReadOnlyList<Transaction> Transactions { get; }

    public FeatureMatrix<double> Features { get; }

    public SegmentationModel Model { get; }

    public static string DataPath(string fileName)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", fileName));
            }
        }

        throw new InvalidOperationException("Personalization.sln not found.");
    }
}
