using System.Text.Json;
using Personalization.Features;

namespace Personalization.Cli;

/// <summary><c>personalize features</c>: one row of RFM/behavioural features per customer.</summary>
internal sealed class FeaturesCommand : ICommand
{
    public string Name => "features";

    public string Summary => "Compute RFM and behavioural features per customer from transactions.";

    public IReadOnlyList<OptionSpec> Options { get; } = [.. FeatureInput.Options, new("as-of", "Reference date (yyyy-MM-dd, midnight in --timezone) for recency; transactions after it are left out; default: the last transaction. A date before every transaction is an input error."), .. Terminal.Options];

    public CommandHelp Help => new(
        "Usage: personalize features --input <transactions.csv|.parquet|folder|glob> [--engine duckdb|memory] [--output <dir>] [--as-of yyyy-MM-dd]\n       personalize features --provider postgres --connection \"Host=...\" --table <name> | --query \"SELECT ...\"",
        "Writes features.csv (customer_id and one column per feature) and features.json (schema personalize.features/v1).",
        "personalize features --input online_retail.csv.gz --output out\n  personalize features --input transactions/ --output out           (a folder of Parquet files, computed in DuckDB)");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        DateTime? asOf = CsvInput.Date(options, "as-of", CsvInput.ReadOptions(options));
        using var output = new OutputFiles(options, "features.csv", "features.json");
        (FeatureMatrix<double> features, object input) = FeatureInput.Load(options, new CustomerFeatureOptions { AsOf = asOf }, terminal);
        terminal.Begin($"Writing {features.RowCount:N0} customers to features.csv");
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
            input,
            customers = features.RowCount,
            columns = features.ColumnNames,
            files = new { csv = "features.csv" },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("features.json", json);
        terminal.Text.WriteLine($"{features.RowCount:N0} customers x {features.ColumnCount} features -> {csvPath}, {jsonPath}");
        output.Commit();
        terminal.Json(json);
        return ExitCodes.Success;
    }
}
