using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Personalization.Features;

namespace Personalization.Sql.Tests;

/// <summary>The PostgreSQL server of the tests: <c>PERSONALIZATION_POSTGRES</c>, set by <c>eng/postgres.sh</c>.
/// Without it the PostgreSQL tests fail (never skip) with a message that says how to start the server.</summary>
internal static class PostgresServer
{
    public const string Variable = "PERSONALIZATION_POSTGRES";

    public static string ConnectionString => Require(Environment.GetEnvironmentVariable(Variable));

    public static string Require(string? value) => string.IsNullOrWhiteSpace(value)
        ? throw new InvalidOperationException(
            $"{Variable} is not set, so the PostgreSQL tests cannot reach a server. Run the tests with `bash eng/test.sh` (it starts and stops a throwaway server), "
            + "or start one with `eval \"$(bash eng/postgres.sh start)\"` and stop it with `bash eng/postgres.sh stop`.")
        : value;

    public static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Creates a table in this library's schema with typed columns and loads it with binary COPY.</summary>
    public static void LoadTransactions(NpgsqlConnection connection, string qualifiedTable, IEnumerable<Transaction> transactions)
    {
        Execute(connection, $"CREATE TABLE {qualifiedTable} (customer_id text, order_id text, \"timestamp\" timestamp, quantity double precision, unit_price double precision, channel text, category text, discount_percent double precision, is_return boolean)");
        using NpgsqlBinaryImporter writer = connection.BeginBinaryImport($"COPY {qualifiedTable} FROM STDIN (FORMAT BINARY)");
        foreach (Transaction t in transactions)
        {
            writer.StartRow();
            writer.Write(t.CustomerId, NpgsqlDbType.Text);
            writer.Write(t.OrderId, NpgsqlDbType.Text);
            writer.Write(DateTime.SpecifyKind(t.Timestamp, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
            writer.Write(t.Quantity, NpgsqlDbType.Double);
            writer.Write(t.UnitPrice, NpgsqlDbType.Double);
            WriteText(writer, t.Channel);
            WriteText(writer, t.Category);
            writer.Write(t.DiscountPercent, NpgsqlDbType.Double);
            writer.Write(t.IsReturn, NpgsqlDbType.Boolean);
        }

        writer.Complete();
    }

    /// <summary>Loads the UCI Online Retail file, in its own layout and column names, with COPY ... (FORMAT csv).</summary>
    public static void LoadOnlineRetail(NpgsqlConnection connection, string qualifiedTable)
    {
        Execute(connection, $"CREATE TABLE {qualifiedTable} (\"InvoiceNo\" text, \"StockCode\" text, \"Description\" text, \"Quantity\" integer, \"InvoiceDate\" timestamp, \"UnitPrice\" double precision, \"CustomerID\" text, \"Country\" text)");
        using var file = new System.IO.Compression.GZipStream(File.OpenRead(TestData.OnlineRetailPath), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        using TextWriter writer = connection.BeginTextImport($"COPY {qualifiedTable} FROM STDIN (FORMAT csv, HEADER true)");
        char[] buffer = new char[1 << 16];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            writer.Write(buffer, 0, n);
        }
    }

    public static string NewSchemaName() => "pz_" + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12];

    private static void WriteText(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }
}

/// <summary>One schema per test class with the synthetic and Online Retail tables; dropped at the end.</summary>
public sealed class PostgresData : IDisposable
{
    public PostgresData()
    {
        Schema = PostgresServer.NewSchemaName();
        using var connection = PostgresServer.Open();
        PostgresServer.Execute(connection, $"CREATE SCHEMA {Schema}");
        PostgresServer.LoadTransactions(connection, $"{Schema}.synthetic", Transactions);
        PostgresServer.LoadOnlineRetail(connection, $"{Schema}.online_retail");
    }

    public string Schema { get; }

    public List<Transaction> Transactions { get; } = Synthetic.Generate();

    public void Dispose()
    {
        using var connection = PostgresServer.Open();
        PostgresServer.Execute(connection, $"DROP SCHEMA {Schema} CASCADE");
    }
}
