using System.Data.Common;
using DuckDB.NET.Data;
using Npgsql;

namespace Personalization.Sql.Tests;

/// <summary>A class fixture holding the Hillstrom table in an in-memory DuckDB and in a PostgreSQL schema of its own, each created on
/// first use (so a DuckDB test never needs the server) and dropped when the class is done.</summary>
public sealed class HillstromTables : IDisposable
{
    public const string Table = "hillstrom";

    private readonly Lazy<DuckDBConnection> _duck = new(() =>
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Hillstrom.CreateDuckDB(connection, Table);
        return connection;
    });

    private readonly Lazy<(NpgsqlConnection Connection, string Schema)> _postgres = new(() =>
    {
        NpgsqlConnection connection = PostgresServer.Open();
        string schema = PostgresServer.NewSchemaName();
        PostgresServer.Execute(connection, $"CREATE SCHEMA {schema}");
        Hillstrom.CreatePostgres(connection, $"{schema}.{Table}");
        PostgresServer.Execute(connection, $"ANALYZE {schema}.{Table}");
        return (connection, schema);
    });

    /// <summary>The connection of <paramref name="engine"/> (<c>duckdb</c> or <c>postgres</c>) and the schema of the table (null in DuckDB).</summary>
    public (DbConnection Connection, string? Schema, SqlDialect Dialect) Open(string engine) => engine switch
    {
        "duckdb" => (_duck.Value, null, DuckDBDialect.Instance),
        "postgres" => (_postgres.Value.Connection, _postgres.Value.Schema, PostgreSqlDialect.Instance),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "engine must be duckdb or postgres."),
    };

    public void Dispose()
    {
        if (_duck.IsValueCreated)
        {
            _duck.Value.Dispose();
        }

        if (_postgres.IsValueCreated)
        {
            PostgresServer.Execute(_postgres.Value.Connection, $"DROP SCHEMA {_postgres.Value.Schema} CASCADE");
            _postgres.Value.Connection.Dispose();
        }
    }
}
