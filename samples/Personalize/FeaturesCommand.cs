using System.Text.Json;
using Personalization.Features;
using Personalization.Samples;

namespace Personalization.Cli;

/// <summary><c>personalize features</c>: one row of RFM/behavioural features per customer.</summary>
public sealed class FeaturesCommand : ICommand
{
    public string Name => "features";

    public string Summary => "Compute RFM and behavioural features per customer from transactions.";

    public IReadOnlyList<OptionSpec> Options { get; } = [.. TransactionInput.Options, new("as-of", "Reference date (yyyy-MM-dd, midnight in --timezone) for recency; transactions after it are left out; default: the last transaction. A date before every transaction is an input error.")];

    public string Help => CommandLine.Help(
        "Usage: personalize features --input <transactions.csv> [--output <dir>] [--as-of yyyy-MM-dd]",
        "Writes features.csv (customer_id and one column per feature) and features.json (schema personalize.features/v1).",
        Options,
        "personalize features --input online_retail.csv.gz --output out");

    public int Execute(ParsedOptions options, TextWriter stdout)
    {
        DateTime? asOf = CsvInput.Date(options, "as-of", CsvInput.ReadOptions(options));
        (List<Transaction> transactions, CsvReadReport report) = TransactionInput.Read(options, stdout);
        if (asOf is DateTime limit)
        {
            DateTime first = transactions.Min(t => t.Timestamp);
            if (limit < first)
            {
                throw new BadInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{options.Required("input")}: --as-of {options.Get("as-of")} ({limit:yyyy-MM-ddTHH:mm}Z) is before the first transaction ({first:yyyy-MM-ddTHH:mm:ss}Z); no transaction would count. Choose a date on or after it."));
            }
        }

        FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { AsOf = asOf }).Extract(transactions);
        string folder = Output.Folder(options);
        string csvPath = Path.Combine(folder, "features.csv");
        using (var csv = new CsvOutput(csvPath, ["customer_id", .. features.ColumnNames]))
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

        string jsonPath = Path.Combine(folder, "features.json");
        var summary = new
        {
            schema = "personalize.features/v1",
            input = Output.InputSummary(options, report),
            customers = features.RowCount,
            columns = features.ColumnNames,
            files = new { csv = "features.csv" },
        };
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(summary, SampleJson.Options));
        stdout.WriteLine($"{features.RowCount:N0} customers x {features.ColumnCount} features -> {csvPath}, {jsonPath}");
        return ExitCodes.Success;
    }
}
