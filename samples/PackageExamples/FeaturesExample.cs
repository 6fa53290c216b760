using Personalization;
using Personalization.Features;

namespace PackageExamples;

internal static class FeaturesExample
{
    public static void Run(string path)
    {
        // <readme>
        // Read transactions (malformed rows are reported with their line), then one row per customer
        // that bought something (a customer with only returns has no recency).
        CsvLoadResult<Transaction> load = OnlineRetailCsv.ReadAll(path);
        Console.WriteLine($"{load.Report.RowsAccepted:N0} rows accepted, {load.Report.RejectedCount:N0} rejected");

        var extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = ["recency_days", "frequency", "monetary"] });
        FeatureMatrix<double> features = extractor.Extract(load.Records.Where(t => t.IsPurchase));

        ScalerModel scaler = new StandardScaler().Fit(features);
        FeatureMatrix<double> scaled = scaler.Transform(features);
        Console.WriteLine($"{scaled.RowCount:N0} customers, columns {string.Join(", ", scaled.ColumnNames)}");
        // </readme>
    }
}
