using Personalization;
using Personalization.Features;
using Personalization.Sql;

namespace PackageExamples;

internal static class SqlExample
{
    public static void Run(string path)
    {
        // <readme>
        // Features computed inside embedded DuckDB, straight from the file (.csv, .csv.gz, .parquet, a folder or a glob):
        // the transactions never enter .NET, one row per customer comes back.
        var extractor = new SqlFeatureExtractor(
            new CustomerFeatureOptions { Columns = ["recency_days", "frequency", "monetary"] },
            new SqlSourceOptions { Mapping = TransactionCsvMapping.OnlineRetail });
        var report = new SqlReadReport();
        FeatureMatrix<double> features = extractor.ExtractFiles(path, report);
        Console.WriteLine($"{report.RowsAccepted:N0} rows accepted, {report.RejectedCount:N0} rejected, {features.RowCount:N0} customers");

        // On a server, bring the connection: extractor.Extract(npgsqlConnection, SqlTransactionSource.Table("lines", schema: "sales"));
        // </readme>
    }
}
