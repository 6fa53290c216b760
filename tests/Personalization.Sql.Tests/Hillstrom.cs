using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;
using Personalization.TestData;

namespace Personalization.Sql.Tests;

/// <summary>../shared/data/hillstrom.csv (Kevin Hillstrom / MineThatData, 2008) as rows with ids, the 12 numeric features of the
/// uplift tests, the e-mail arm and the outcomes, and as a table in DuckDB or PostgreSQL.</summary>
internal static class Hillstrom
{
    public static readonly string[] FeatureNames = Personalization.TestData.Hillstrom.FeatureNames;

    public static readonly string[] ArmNames = Personalization.TestData.Hillstrom.ArmNames;

    public static HillstromRows All => Personalization.TestData.Hillstrom.All;

    /// <summary>Creates <paramref name="table"/> (customer_id, the features, segment, visit, conversion, spend) and appends every row.</summary>
    public static void CreateDuckDB(DuckDBConnection connection, string table)
    {
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = $"CREATE TABLE {table} (customer_id VARCHAR, {string.Join(", ", FeatureNames.Select(c => c + " DOUBLE"))}, segment VARCHAR, visit DOUBLE, conversion DOUBLE, spend DOUBLE)";
            command.ExecuteNonQuery();
        }

        HillstromRows all = All;
        int d = FeatureNames.Length;
        using DuckDBAppender appender = connection.CreateAppender(table);
        for (int i = 0; i < all.Count; i++)
        {
            IDuckDBAppenderRow row = appender.CreateRow().AppendValue(all.Ids[i]);
            for (int j = 0; j < d; j++)
            {
                row = row.AppendValue((double?)all.Features[(i * d) + j]);
            }

            row.AppendValue(ArmNames[all.Arm[i]]).AppendValue((double?)all.Visit[i]).AppendValue((double?)all.Conversion[i]).AppendValue((double?)all.Spend[i]).EndRow();
        }
    }

    /// <summary>Creates <paramref name="qualifiedTable"/> with the same columns and loads it with binary COPY.</summary>
    public static void CreatePostgres(NpgsqlConnection connection, string qualifiedTable)
    {
        PostgresServer.Execute(connection, $"CREATE TABLE {qualifiedTable} (customer_id text, {string.Join(", ", FeatureNames.Select(c => c + " double precision"))}, segment text, visit double precision, conversion double precision, spend double precision)");
        HillstromRows all = All;
        int d = FeatureNames.Length;
        using NpgsqlBinaryImporter writer = connection.BeginBinaryImport($"COPY {qualifiedTable} FROM STDIN (FORMAT BINARY)");
        for (int i = 0; i < all.Count; i++)
        {
            writer.StartRow();
            writer.Write(all.Ids[i], NpgsqlDbType.Text);
            for (int j = 0; j < d; j++)
            {
                writer.Write(all.Features[(i * d) + j], NpgsqlDbType.Double);
            }

            writer.Write(ArmNames[all.Arm[i]], NpgsqlDbType.Text);
            writer.Write(all.Visit[i], NpgsqlDbType.Double);
            writer.Write(all.Conversion[i], NpgsqlDbType.Double);
            writer.Write(all.Spend[i], NpgsqlDbType.Double);
        }

        writer.Complete();
    }

    /// <summary>The features of <paramref name="rows"/> (row ids set) as a matrix.</summary>
    public static FeatureMatrix<double> Features(ReadOnlySpan<int> rows) => Personalization.TestData.Hillstrom.Features(rows);

    /// <summary>Three-arm uplift data (No E-Mail, Mens, Womens; outcome visit) of <paramref name="rows"/>.</summary>
    public static UpliftData Uplift(ReadOnlySpan<int> rows) => Personalization.TestData.Hillstrom.Uplift(rows);

    /// <summary>A seeded sample of <paramref name="count"/> row indices.</summary>
    public static int[] Sample(int count, int seed) => Personalization.TestData.Hillstrom.Sample(count, seed);
}
