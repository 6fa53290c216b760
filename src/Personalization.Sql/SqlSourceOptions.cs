using System.Text.RegularExpressions;
using Personalization.Features;

namespace Personalization.Sql;

/// <summary>Options of the SQL sources: the column mapping, the dialect, rejected-row handling and DuckDB's resources.</summary>
/// <remarks>Constructing options does no work; <see cref="SqlFeatureExtractor"/> validates them.</remarks>
public sealed partial record SqlSourceOptions
{
    /// <summary>Gets the default options.</summary>
    public static SqlSourceOptions Default { get; } = new();

    /// <summary>Gets which columns hold the transaction fields: the same type, names and defaults as the CSV loaders
    /// (<see cref="TransactionCsvMapping.OnlineRetail"/> reads the UCI layout from a table or Parquet file too).</summary>
    /// <value>Default <see cref="TransactionCsvMapping.Default"/>.</value>
    public TransactionCsvMapping Mapping { get; init; } = TransactionCsvMapping.Default;

    /// <summary>Gets the dialect, or <see langword="null"/> to pick it from the connection type (DuckDB.NET or Npgsql).</summary>
    /// <value>Default <see langword="null"/>.</value>
    public SqlDialect? Dialect { get; init; }

    /// <summary>Gets what to do with rows that have no customer id.</summary>
    /// <value>Default <see cref="MissingCustomerIdHandling.Skip"/> (counted in <see cref="SqlReadReport.SkippedMissingCustomerId"/>).</value>
    public MissingCustomerIdHandling MissingCustomerId { get; init; } = MissingCustomerIdHandling.Skip;

    /// <summary>Gets the most rejected rows described in <see cref="SqlReadReport.RejectedRows"/>; all of them are counted.</summary>
    /// <value>Default 100.</value>
    public int MaxRejectedRowsKept { get; init; } = 100;

    /// <summary>Gets the field separator of CSV files.</summary>
    /// <value>Default <c>','</c>.</value>
    public char CsvSeparator { get; init; } = ',';

    /// <summary>Gets DuckDB's memory limit for <see cref="SqlFeatureExtractor.ExtractFiles"/>, such as <c>2GB</c>; beyond it DuckDB spills to <see cref="DuckDBTempDirectory"/>.</summary>
    /// <value>Default <see langword="null"/>: DuckDB's own default (80% of physical memory).</value>
    public string? DuckDBMemoryLimit { get; init; }

    /// <summary>Gets the folder where DuckDB spills intermediate results that exceed <see cref="DuckDBMemoryLimit"/>.</summary>
    /// <value>Default <see langword="null"/>: DuckDB's default (a <c>.tmp</c> folder, or none for an in-memory database).</value>
    public string? DuckDBTempDirectory { get; init; }

    /// <summary>Gets the command timeout in seconds, 0 for none.</summary>
    /// <value>Default 0.</value>
    public int CommandTimeoutSeconds { get; init; }

    internal void Validate()
    {
        if (Mapping is null)
        {
            throw new ArgumentNullException(nameof(Mapping), "Mapping must not be null; use TransactionCsvMapping.Default.");
        }

        if (!Enum.IsDefined(MissingCustomerId))
        {
            throw new ArgumentOutOfRangeException(nameof(MissingCustomerId), MissingCustomerId, "MissingCustomerId must be Skip, Reject or Fail.");
        }

        if (MaxRejectedRowsKept < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectedRowsKept), MaxRejectedRowsKept, $"MaxRejectedRowsKept must be at least 0, but was {MaxRejectedRowsKept}.");
        }

        if (CsvSeparator is '"' or '\'' or '\r' or '\n' or '\0' || CsvSeparator > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(CsvSeparator), CsvSeparator, $"CsvSeparator must be an ASCII character other than a quote, NUL or line break, but was '{CsvSeparator}'.");
        }

        if (DuckDBMemoryLimit is not null && !MemoryLimitPattern().IsMatch(DuckDBMemoryLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(DuckDBMemoryLimit), DuckDBMemoryLimit, $"DuckDBMemoryLimit must be a size such as 512MB, 2GB or 1.5GiB, but was '{DuckDBMemoryLimit}'.");
        }

        if (DuckDBTempDirectory is { Length: 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(DuckDBTempDirectory), DuckDBTempDirectory, "DuckDBTempDirectory must be null or a folder path.");
        }

        if (CommandTimeoutSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeoutSeconds), CommandTimeoutSeconds, $"CommandTimeoutSeconds must be at least 0, but was {CommandTimeoutSeconds}.");
        }
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?\s*([KMGT]i?B|B)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MemoryLimitPattern();
}
