using System.Data.Common;
using DuckDB.NET.Data;
using Personalization.Features;

namespace Personalization.Sql;

/// <summary>
/// Computes the features of <see cref="CustomerFeatureExtractor"/> inside a database engine (feature pushdown):
/// one generated SQL statement per dialect, one row per customer streamed back into a <see cref="FeatureMatrix{T}"/>,
/// without materialising the transactions in .NET.
/// </summary>
/// <remarks>
/// <para>Usage: <c>var m = new SqlFeatureExtractor(new() { WindowDays = 365 }).ExtractFiles("tx/*.parquet");</c>, or
/// <c>Extract(npgsqlConnection, SqlTransactionSource.Table("lines", "sales"))</c> on a connection the caller brings.</para>
/// <para>The result equals <see cref="CustomerFeatureExtractor.Extract"/> on the same transactions (to about 1e-15
/// relative; tests check 1e-9 on DuckDB and PostgreSQL): same rows in ordinal customer id order, same columns, same
/// as-of date, window, returns, discounts, channels, categories and RFM scores; <c>docs/sql.md</c> lists the few
/// documented differences (timestamps kept to the microsecond). Rows the engine cannot convert are counted in the
/// <see cref="SqlReadReport"/>, never dropped silently.</para>
/// <para>The extractor is immutable and thread-safe; a connection is used by one call at a time.</para>
/// </remarks>
public sealed partial class SqlFeatureExtractor
{
    private readonly CustomerFeatureExtractor _reference;

    /// <summary>Creates an extractor.</summary>
    /// <param name="features">The feature options; <see langword="null"/> for the defaults of <see cref="CustomerFeatureExtractor"/>.</param>
    /// <param name="options">The source options; <see langword="null"/> for <see cref="SqlSourceOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A feature or source option is out of range.</exception>
    /// <exception cref="ArgumentNullException">An option that must not be null is null.</exception>
    /// <exception cref="ArgumentException">A category is empty or repeated, or the columns name an unknown column.</exception>
    public SqlFeatureExtractor(CustomerFeatureOptions? features = null, SqlSourceOptions? options = null)
    {
        _reference = new CustomerFeatureExtractor(features);
        Options = options ?? SqlSourceOptions.Default;
        Options.Validate();
    }

    /// <summary>Gets the feature options (the definitions computed in the engine).</summary>
    public CustomerFeatureOptions FeatureOptions => _reference.Options;

    /// <summary>Gets the source options.</summary>
    public SqlSourceOptions Options { get; }

    /// <summary>Gets the names of the columns produced, in order (the same as <see cref="CustomerFeatureExtractor.FeatureNames"/>).</summary>
    public IReadOnlyList<string> FeatureNames => _reference.FeatureNames;

    /// <summary>Computes the features of the transactions in files, with an embedded in-memory DuckDB database.</summary>
    /// <param name="path">A <c>.csv</c>, <c>.csv.gz</c> or <c>.parquet</c> file, a folder of Parquet files, or a glob.</param>
    /// <param name="report">Receives the counts and rejected rows, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per customer with a transaction at or before the as-of date, sorted by customer id (ordinal); row ids are the customer ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> has an unknown extension.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/> or matches it (checked before any work).</exception>
    /// <exception cref="InvalidDataException">A mapped column is missing or has a type that cannot be converted; the message names the column, the file and the first offending value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public FeatureMatrix<double> ExtractFiles(string path, SqlReadReport? report = null, CancellationToken cancellationToken = default)
    {
        SqlTransactionSource source = SqlTransactionSource.Files(path);
        source.ResolveFilePattern();
        using DuckDBConnection connection = OpenDuckDB(Options);
        return Extract(connection, source, report, cancellationToken);
    }

    /// <summary>Computes the features of the transactions of a source on a connection.</summary>
    /// <param name="connection">The connection (opened here and closed again when it is closed); its provider decides the dialect unless <see cref="SqlSourceOptions.Dialect"/> is set.</param>
    /// <param name="source">The table, query or files.</param>
    /// <param name="report">Receives the counts and rejected rows, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One row per customer with a transaction at or before the as-of date, sorted by customer id (ordinal); row ids are the customer ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="NotSupportedException">No dialect is known for the connection, or the source is files and the engine is not DuckDB.</exception>
    /// <exception cref="IOException">The connection cannot be opened; the message names the engine, host and port.</exception>
    /// <exception cref="FileNotFoundException">A file source matches no file (checked before any work).</exception>
    /// <exception cref="InvalidDataException">The table or query cannot be read, a mapped column is missing (the message names the column and the source), a column has a type that cannot be converted (it names the column and the first offending value), rows have no customer id under <see cref="MissingCustomerIdHandling.Fail"/>, or the engine fails computing the features.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public FeatureMatrix<double> Extract(DbConnection connection, SqlTransactionSource source, SqlReadReport? report = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(source);
        SqlDialect dialect = Options.Dialect ?? SqlDialect.For(connection);
        string? pattern = source.Kind == SqlTransactionSource.SourceKind.Files ? source.ResolveFilePattern() : null;
        if (pattern is not null && dialect is not DuckDBDialect)
        {
            throw new NotSupportedException($"Files are read by DuckDB, but the connection's dialect is {dialect.Name}; use ExtractFiles or a DuckDB connection.");
        }

        bool opened = Open(connection, dialect, cancellationToken);
        try
        {
            var run = new Run(this, connection, dialect, source, pattern, report ?? new SqlReadReport(), cancellationToken);
            return run.Execute();
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    /// <summary>The statement and parameters that <see cref="Extract"/> would run (for tests and plan inspection); the connection must be open.</summary>
    internal (string Sql, List<(string Name, object Value)> Parameters) Plan(DbConnection connection, SqlTransactionSource source)
    {
        SqlDialect dialect = Options.Dialect ?? SqlDialect.For(connection);
        string? pattern = source.Kind == SqlTransactionSource.SourceKind.Files ? source.ResolveFilePattern() : null;
        (string sql, List<(string Name, object Value)> parameters, _) = new Run(this, connection, dialect, source, pattern, new SqlReadReport(), CancellationToken.None).Plan();
        return (sql, parameters);
    }

    internal static DuckDBConnection OpenDuckDB(SqlSourceOptions options)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            using DbCommand command = connection.CreateCommand();
            if (options.DuckDBMemoryLimit is { } limit)
            {
                command.CommandText = "SET memory_limit = " + DuckDBDialect.Instance.StringLiteral(limit);
                command.ExecuteNonQuery();
            }

            if (options.DuckDBTempDirectory is { } temp)
            {
                command.CommandText = "SET temp_directory = " + DuckDBDialect.Instance.StringLiteral(Path.GetFullPath(temp));
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool Open(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        if (connection.State == System.Data.ConnectionState.Open)
        {
            return false;
        }

        try
        {
            connection.Open();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Could not connect to {dialect.Name} at {dialect.DescribeEndpoint(connection)}: {ex.Message} Check that the server runs and the host, port and credentials of the connection string.", ex);
        }
    }
}
