using Npgsql;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class PostgresBadInputTests : IDisposable
{
    private readonly string _schema = PostgresServer.NewSchemaName();
    private readonly NpgsqlConnection _connection = PostgresServer.Open();

    public PostgresBadInputTests() => PostgresServer.Execute(_connection, $"CREATE SCHEMA {_schema}");

    public void Dispose()
    {
        PostgresServer.Execute(_connection, $"DROP SCHEMA {_schema} CASCADE");
        _connection.Dispose();
    }

    [Fact]
    public void Extract_MissingTable_NamesTheTable()
    {
        var ex = Assert.Throws<InvalidDataException>(() => new SqlFeatureExtractor().Extract(_connection, SqlTransactionSource.Table("no_such_table", _schema)));
        Assert.Contains("no_such_table", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MissingColumn_NamesTheColumnAndTheTable()
    {
        PostgresServer.Execute(_connection, $"CREATE TABLE {_schema}.lines (customer_id text, order_id text, \"timestamp\" timestamp, quantity double precision)");
        var ex = Assert.Throws<InvalidDataException>(() => new SqlFeatureExtractor().Extract(_connection, SqlTransactionSource.Table("lines", _schema)));
        Assert.Contains("'unit_price'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"table \"{_schema}\".\"lines\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_ColumnOfUnconvertibleType_NamesTheColumnAndTheFirstValue()
    {
        PostgresServer.Execute(_connection, $"CREATE TABLE {_schema}.lines (customer_id text, order_id text, \"timestamp\" timestamp, quantity boolean, unit_price double precision)");
        PostgresServer.Execute(_connection, $"INSERT INTO {_schema}.lines VALUES ('c1', 'o1', '2024-01-01 10:00', NULL, 1), ('c1', 'o2', '2024-01-01 10:00', TRUE, 1)");
        var ex = Assert.Throws<InvalidDataException>(() => new SqlFeatureExtractor().Extract(_connection, SqlTransactionSource.Table("lines", _schema)));
        Assert.Contains("'quantity'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boolean", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'true'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_TextValuesThatDoNotConvert_AreRejectedAndReported()
    {
        PostgresServer.Execute(_connection, $"CREATE TABLE {_schema}.lines (customer_id text, order_id text, \"timestamp\" text, quantity text, unit_price text, discount_percent text, is_return text)");
        PostgresServer.Execute(_connection, $"INSERT INTO {_schema}.lines VALUES "
            + "('c1', 'o1', '2024-01-01 10:00:00', '2', '3.5', '', 'no'), ('c1', 'o2', '2024-01-05 11:00:00', 'abc', '3.5', NULL, NULL), "
            + "('c2', 'o3', 'yesterday', '1', '1', '0', 'false'), ('c2', 'o4', '2024-01-03 10:00:00', '1', '1e999', '0', 'false'), "
            + "('c2', 'o5', '2024-01-03 10:00:00', '1', '2', '10', '1'), (NULL, 'o6', '2024-01-03 10:00:00', '1', '2', '10', '1'), "
            + "('c2', 'o7', '2024-02-30 10:00:00', '1', '2', '10', '1')");
        var report = new SqlReadReport();
        FeatureMatrix<double> actual = new SqlFeatureExtractor().Extract(_connection, SqlTransactionSource.Table("lines", _schema), report);

        var expected = new CustomerFeatureExtractor().Extract(
        [
            new Transaction("c1", "o1", new DateTime(2024, 1, 1, 10, 0, 0), 2, 3.5),
            new Transaction("c2", "o5", new DateTime(2024, 1, 3, 10, 0, 0), 1, 2) { DiscountPercent = 10, IsReturn = true },
        ]);
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal("7 read, 2 accepted, 1 skipped (no customer id), 4 rejected", report.ToString());
        Assert.Equal(
            new[] { ("quantity", "abc"), ("timestamp", "2024-02-30 10:00:00"), ("timestamp", "yesterday"), ("unit_price", "1e999") },
            report.RejectedRows.Select(r => (r.Column, r.Value!)).OrderBy(r => r.Column, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal));
    }

    [Fact]
    public void Extract_ConnectionRefused_NamesHostAndPort()
    {
        using var connection = new NpgsqlConnection("Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");
        var ex = Assert.Throws<IOException>(() => new SqlFeatureExtractor().Extract(connection, SqlTransactionSource.Table("lines")));
        Assert.Contains("PostgreSQL at 127.0.0.1:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NamesAndValuesWithQuotes_AreQuotedAndPassedAsParameters()
    {
        const string table = "odd\"name'; DROP TABLE x; --";
        string quoted = PostgreSqlDialect.Instance.QuoteIdentifier(_schema) + "." + PostgreSqlDialect.Instance.QuoteIdentifier(table);
        PostgresServer.Execute(_connection, $"CREATE TABLE {quoted} (\"cust id\" text, \"order\" text, \"when\" timestamp, \"qty\"\"\" double precision, price double precision, \"Category\" text)");
        PostgresServer.Execute(_connection, $"INSERT INTO {quoted} VALUES ('c1', 'o1', '2024-01-01 10:00', 2, 5, 'O''Brien'), ('c1', 'o2', '2024-01-02 10:00', 1, 5, 'x'), ('c2', 'o3', '2024-01-02 10:00', 1, 5, 'O''Brien')");
        var mapping = new TransactionCsvMapping { CustomerId = "cust id", OrderId = "order", Timestamp = "when", Quantity = "qty\"", UnitPrice = "price", Category = "category" };
        var features = new CustomerFeatureOptions { Categories = ["O'Brien", "x"] };
        FeatureMatrix<double> actual = new SqlFeatureExtractor(features, new SqlSourceOptions { Mapping = mapping }).Extract(_connection, SqlTransactionSource.Table(table, _schema));

        var expected = new CustomerFeatureExtractor(features).Extract(
        [
            new Transaction("c1", "o1", new DateTime(2024, 1, 1, 10, 0, 0), 2, 5) { Category = "O'Brien" },
            new Transaction("c1", "o2", new DateTime(2024, 1, 2, 10, 0, 0), 1, 5) { Category = "x" },
            new Transaction("c2", "o3", new DateTime(2024, 1, 2, 10, 0, 0), 1, 5) { Category = "O'Brien" },
        ]);
        TestData.AssertSameFeatures(expected, actual);
        Assert.Equal(2.0 / 3, actual[0, actual.ColumnIndex("category_share_O'Brien")], 12);
    }
}
