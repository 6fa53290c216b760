using Personalization.Persistence;
using Personalization.Segmentation;
using Personalization.Sql;

namespace Personalization.Cli;

/// <summary><c>personalize export-sql</c>: prints the scoring SELECT (<see cref="ScoringSql"/>) of a saved segmentation model.</summary>
internal sealed class ExportSqlCommand : ICommand
{
    public string Name => "export-sql";

    public string Summary => "Print the SQL SELECT that scores a features table with a saved segmentation model, inside DuckDB or PostgreSQL.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("model", "The segmentation.model.json written by 'personalize segment'.", Required: true),
        new("dialect", "SQL dialect: duckdb or postgres.", Default: "duckdb", Choices: ["duckdb", "postgres"]),
        new("table", "The features table (one row per customer, one column per model feature, raw values as 'personalize features' computes them).", Required: true),
        new("schema", "The schema of --table; default: the search path."),
        new("id-column", "The id column of --table, copied to the output.", Default: "customer_id"),
    ];

    public CommandHelp Help => new(
        "Usage: personalize export-sql --model <segmentation.model.json> --dialect duckdb|postgres --table <features table> [--schema <name>] [--id-column customer_id]",
        "Prints one SELECT with the columns <id>, segment and distance (Euclidean distance to the centroid, in the scaled space);\nthe segments equal those of 'personalize segment' for the customers it segmented. Rows with a missing or infinite feature get NULL.",
        "personalize export-sql --model out/segmentation.model.json --dialect postgres --table customer_features > score.sql");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        SqlDialect dialect = options.Get("dialect") switch
        {
            "duckdb" => DuckDBDialect.Instance,
            "postgres" or "postgresql" => PostgreSqlDialect.Instance,
            string other => throw new UsageException($"--dialect must be duckdb or postgres, but was '{other}'."),
            null => DuckDBDialect.Instance,
        };
        string path = options.Required("model");
        SegmentationModel model = ModelPersistence.LoadFromFile<SegmentationModel>(path);
        var source = ScoringSqlSource.FromTable(options.Required("table"), options.Get("schema"), options.Get("id-column")!);
        terminal.Text.WriteLine(ScoringSql.Segmentation(model.Preprocessing, model.KMeans, dialect, source) + ";");
        return ExitCodes.Success;
    }
}
