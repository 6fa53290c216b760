using System.Text.Json;
using Personalization.Features;
using Personalization.Samples;

namespace Personalization.Cli;

/// <summary><c>personalize features</c>: one row of RFM/behavioural features per customer.</summary>
public sealed class FeaturesCommand : ICommand
{
    public string Name => "features";

    public string Summary => "Compute RFM and behavioural features per customer from transactions.";

    public IReadOnlyList<OptionSpec> Options { get; } = [.. TransactionInput.Options, new("as-of", "Reference date (yyyy-MM-dd) for recency; default: the last transaction.")];

    public string Help => CommandLine.Help(
        "Usage: personalize features --input <transactions.csv> [--output <dir>] [--as-of yyyy-MM-dd]",
        "Writes features.csv (customer_id and one column per feature) and features.json (schema personalize.features/v1).",
        Options,
        "personalize features --input online_retail.csv.gz --output out");

    public int Execute(ParsedOptions options, TextWriter stdout)
    {
        DateTime? asOf = null;
        if (options.Get("as-of") is { } text)
        {
            asOf = DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTime d)
                ? d
                : throw new UsageException($"--as-of must be a date written yyyy-MM-dd, not '{text}'.");
        }

        using var output = new OutputFiles(options, "features.csv", "features.json");
        (List<Transaction> transactions, CsvReadReport report) = TransactionInput.Read(options, stdout);
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { AsOf = asOf }).Extract(transactions);
        string csvPath = output.PathOf("features.csv");
        using (var csv = new CsvOutput(output.Create("features.csv"), ["customer_id", .. features.ColumnNames]))
        {
            var cells = new object?[features.ColumnCount + 1];
            for (int r = 0; r < features.RowCount; r++)
            {
                cells[0] = features.RowIds![r];
                ReadOnlySpan<double> row = features.Row(r);
                for (int c = 0; c < row.Length; c++)
                {
                    cells[c + 1] = double.IsNaN(row[c]) ? null : row[c];
                }

                csv.Row(cells);
            }
        }

        string jsonPath = output.PathOf("features.json");
        var summary = new
        {
            schema = "personalize.features/v1",
            input = Output.InputSummary(options, report),
            customers = features.RowCount,
            columns = features.ColumnNames,
            files = new { csv = "features.csv" },
        };
        output.WriteText("features.json", JsonSerializer.Serialize(summary, SampleJson.Options));
        stdout.WriteLine($"{features.RowCount:N0} customers x {features.ColumnCount} features -> {csvPath}, {jsonPath}");
        output.Commit();
        return ExitCodes.Success;
    }
}
