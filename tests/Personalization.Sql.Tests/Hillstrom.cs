using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace Personalization.Sql.Tests;

/// <summary>../shared/data/hillstrom.csv (Kevin Hillstrom / MineThatData, 2008) as rows with ids, the 12 numeric features of the
/// uplift tests, the e-mail arm and the outcomes, and as a table in DuckDB or PostgreSQL.</summary>
internal static class Hillstrom
{
    public static readonly string[] FeatureNames =
    [
        "recency", "history_segment", "history", "mens", "womens", "newbie",
        "zip_surburban", "zip_urban", "zip_rural", "channel_web", "channel_phone", "channel_multichannel",
    ];

    public static readonly string[] ArmNames = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];

    private static readonly Lazy<Rows> s_rows = new(Load);

    public static Rows All => s_rows.Value;

    /// <summary>Creates <paramref name="table"/> (customer_id, the features, segment, visit, conversion, spend) and appends every row.</summary>
    public static void CreateDuckDB(DuckDBConnection connection, string table)
    {
        using (DuckDBCommand command = connection.CreateCommand())
        {
            command.CommandText = $"CREATE TABLE {table} (customer_id VARCHAR, {string.Join(", ", FeatureNames.Select(c => c + " DOUBLE"))}, segment VARCHAR, visit DOUBLE, conversion DOUBLE, spend DOUBLE)";
            command.ExecuteNonQuery();
        }

        Rows all = All;
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
        Rows all = All;
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
    public static FeatureMatrix<double> Features(ReadOnlySpan<int> rows)
    {
        Rows all = All;
        int d = FeatureNames.Length;
        var x = new double[rows.Length * d];
        var ids = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(all.Features, rows[i] * d, x, i * d, d);
            ids[i] = all.Ids[rows[i]];
        }

        return FeatureMatrix<double>.FromOwnedArray(x, rows.Length, d, FeatureNames, ids);
    }

    /// <summary>Three-arm uplift data (No E-Mail, Mens, Womens; outcome visit) of <paramref name="rows"/>.</summary>
    public static UpliftData Uplift(ReadOnlySpan<int> rows)
    {
        var t = new int[rows.Length];
        var y = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            t[i] = All.Arm[rows[i]];
            y[i] = All.Visit[rows[i]];
        }

        return new UpliftData(Features(rows), t, y, ArmNames);
    }

    /// <summary>A seeded sample of <paramref name="count"/> row indices.</summary>
    public static int[] Sample(int count, int seed)
    {
        int[] rows = [.. Enumerable.Range(0, All.Count)];
        new Random(seed).Shuffle(rows);
        return rows[..count];
    }

    private static Rows Load()
    {
        string[] lines = File.ReadAllLines(TestData.SharedDataPath("hillstrom.csv"));
        int n = lines.Length - 1;
        int d = FeatureNames.Length;
        var rows = new Rows(n);
        for (int i = 0; i < n; i++)
        {
            string[] f = SplitCsv(lines[i + 1]);
            Span<double> row = rows.Features.AsSpan(i * d, d);
            rows.Ids[i] = "h" + i.ToString("D5", CultureInfo.InvariantCulture);
            row[0] = double.Parse(f[0], CultureInfo.InvariantCulture);
            row[1] = f[1][0] - '0';
            row[2] = double.Parse(f[2], CultureInfo.InvariantCulture);
            row[3] = double.Parse(f[3], CultureInfo.InvariantCulture);
            row[4] = double.Parse(f[4], CultureInfo.InvariantCulture);
            row[5] = double.Parse(f[6], CultureInfo.InvariantCulture);
            row[6] = f[5] == "Surburban" ? 1 : 0;
            row[7] = f[5] == "Urban" ? 1 : 0;
            row[8] = f[5] == "Rural" ? 1 : 0;
            row[9] = f[7] == "Web" ? 1 : 0;
            row[10] = f[7] == "Phone" ? 1 : 0;
            row[11] = f[7] == "Multichannel" ? 1 : 0;
            rows.Arm[i] = Array.IndexOf(ArmNames, f[8]) is int arm and >= 0 ? arm : throw new InvalidDataException("Unknown segment " + f[8]);
            rows.Visit[i] = double.Parse(f[9], CultureInfo.InvariantCulture);
            rows.Conversion[i] = double.Parse(f[10], CultureInfo.InvariantCulture);
            rows.Spend[i] = double.Parse(f[11], CultureInfo.InvariantCulture);
        }

        return rows;
    }

    /// <summary>Splits a line with optional double-quoted fields (history_segment holds none, but be safe).</summary>
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                int close = line.IndexOf('"', i + 1);
                fields.Add(line[(i + 1)..close]);
                i = close + 2;
                if (i > line.Length)
                {
                    break;
                }

                continue;
            }

            int comma = line.IndexOf(',', i);
            if (comma < 0)
            {
                fields.Add(line[i..]);
                break;
            }

            fields.Add(line[i..comma]);
            i = comma + 1;
        }

        return [.. fields];
    }

    public sealed class Rows(int count)
    {
        public int Count { get; } = count;

        public string[] Ids { get; } = new string[count];

        public double[] Features { get; } = new double[count * FeatureNames.Length];

        public int[] Arm { get; } = new int[count];

        public double[] Visit { get; } = new double[count];

        public double[] Conversion { get; } = new double[count];

        public double[] Spend { get; } = new double[count];
    }
}
