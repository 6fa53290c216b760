using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;
using Personalization.Clustering;

namespace Personalization.Sql.Tests;

public sealed class SqlKMeansTests
{
    private static readonly string[] s_blobColumns = ["a", "b", "c"];

    [Theory]
    [InlineData("duckdb", 1e-4)]
    [InlineData("duckdb", 0.0)]
    [InlineData("postgres", 1e-4)]
    [InlineData("postgres", 0.0)]
    public void Fit_HillstromFromGivenCentroids_SameAsInMemoryLloyd(string engine, double tolerance)
    {
        FeatureMatrix<double> data = StandardizedHillstrom();
        FeatureMatrix<double> initial = data.SelectRows([0, 1, 2, 3, 4, 5]);
        var options = new KMeansOptions { ClusterCount = 6, InitialCentroids = initial, Initialization = KMeansInitialization.Given, Tolerance = tolerance, MaxIterations = 60 };
        KMeansModel<double> expected = new KMeans(options).Fit(data);
        KMeansModel<double> actual = OnTable(engine, data, (connection, source) =>
            new SqlKMeans(new SqlKMeansOptions { KMeans = options }).Fit(connection, source, data.ColumnNames!));
        AssertSame(expected, actual, data);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Fit_EmptyClusterAfterFirstStep_RelocatesTheFarthestRowAsInMemory(string engine)
    {
        FeatureMatrix<double> data = Blobs(3000, seed: 11);
        // centroid 2 is far from every row, so it is empty after the first assignment and takes the farthest row
        var initial = FeatureMatrix<double>.FromRows([[0.0, 0, 0], [5, 5, 5], [1000, 1000, 1000], [5, 0, 5]], s_blobColumns);
        var options = new KMeansOptions { ClusterCount = 4, InitialCentroids = initial, Initialization = KMeansInitialization.Given, Tolerance = 0 };
        KMeansModel<double> expected = new KMeans(options).Fit(data);
        KMeansModel<double> actual = OnTable(engine, data, (connection, source) =>
            new SqlKMeans(new SqlKMeansOptions { KMeans = options }).Fit(connection, source, s_blobColumns));
        AssertSame(expected, actual, data);
        Assert.False(actual.IsDegenerate);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Fit_LabelsSwapWithUnchangedCounts_KeepsIteratingAsInMemory(string engine)
    {
        // the second assignment moves rows between the two clusters but keeps both counts (5 and 4), so only the change count
        // (not the counts) tells that the labels changed; at Tolerance 0 the fit goes on, as the in-memory Lloyd does
        double[][] rows = [[2, 4], [7, 5], [2, 3], [0, 4], [7, 8], [8, 7], [4, 3], [0, 4], [7, 2]];
        var data = FeatureMatrix<double>.FromOwnedArray([.. rows.SelectMany(r => r)], rows.Length, 2, ["a", "b"], [.. Enumerable.Range(0, rows.Length).Select(r => "r" + r.ToString(CultureInfo.InvariantCulture))]);
        var initial = FeatureMatrix<double>.FromRows([[3.5, 3.25], [2.5, 4.25]], ["a", "b"]);
        var options = new KMeansOptions { ClusterCount = 2, InitialCentroids = initial, Initialization = KMeansInitialization.Given, Tolerance = 0 };
        KMeansModel<double> expected = new KMeans(options).Fit(data);
        Assert.True(expected.Iterations >= 3, $"the in-memory fit ran {expected.Iterations} iterations, so the swap is not exercised");
        KMeansModel<double> actual = OnTable(engine, data, (connection, source) =>
            new SqlKMeans(new SqlKMeansOptions { KMeans = options }).Fit(connection, source, ["a", "b"]));
        AssertSame(expected, actual, data);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Fit_SeededSample_IsTheMd5OrderSampleAndRepeatable(string engine)
    {
        FeatureMatrix<double> data = Blobs(5000, seed: 3);
        var sqlOptions = new SqlKMeansOptions { KMeans = new KMeansOptions { ClusterCount = 4, Seed = 17, Restarts = 2 }, SampleSize = 800 };

        // the sample: the rows first in the order of md5("17:" + id), fitted in memory with the same seed; then Lloyd on every row
        int[] order = [.. Enumerable.Range(0, data.RowCount).OrderBy(r => Md5Hex("17:" + data.RowIds![r]), StringComparer.Ordinal)];
        FeatureMatrix<double> sample = data.SelectRows(order.AsSpan(0, 800));
        FeatureMatrix<double> seeds = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 17, Restarts = 2, MaxDegreeOfParallelism = 1 }).Fit(sample).Centroids;
        KMeansModel<double> expected = new KMeans(new KMeansOptions { ClusterCount = 4, InitialCentroids = seeds, Initialization = KMeansInitialization.Given }).Fit(data);

        (KMeansModel<double> first, KMeansModel<double> second) = OnTable(engine, data, (connection, source) =>
            (new SqlKMeans(sqlOptions).Fit(connection, source, s_blobColumns), new SqlKMeans(sqlOptions).Fit(connection, source, s_blobColumns)));
        AssertSame(expected, first, data);
        Assert.Equal(first.Centroids.AsSpan().ToArray(), second.Centroids.AsSpan().ToArray());
        Assert.Equal(first.Inertia, second.Inertia);
    }

    [Fact]
    public void Fit_BadInputOrOptions_Throws()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE t (customer_id VARCHAR, a DOUBLE, b DOUBLE)");
        Execute(connection, "INSERT INTO t VALUES ('1', 1, 2), ('2', NULL, 3), ('3', 'NaN', 4)");
        ScoringSqlSource source = ScoringSqlSource.FromTable("t");
        var two = new SqlKMeansOptions { KMeans = new KMeansOptions { ClusterCount = 2 }, SampleSize = 10 };
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => new SqlKMeans(two).Fit(connection, source, ["a", "b"]));
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 NULL, NaN or infinite", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => new SqlKMeans(two with { KMeans = new KMeansOptions { ClusterCount = 5 } }).Fit(connection, source, ["b"]));
        Assert.Contains("3 rows but 5 clusters", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqlKMeans(two with { KMeans = new KMeansOptions { ClusterCount = 2, InitialCentroids = FeatureMatrix<double>.FromRows([[1.0]]) } }).Fit(connection, source, ["b"]));
        Assert.Throws<ArgumentException>(() => new SqlKMeans(two).Fit(connection, source, ["b", "b"]));
        Assert.Throws<ArgumentException>(() => new SqlKMeans(two).Fit(connection, source, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlKMeans(two with { SampleSize = 1 }).Fit(connection, source, ["b"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlKMeans(two with { KMeans = new KMeansOptions { ClusterCount = 2, Tolerance = double.NaN } }).Fit(connection, source, ["b"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqlKMeans(two with { CommandTimeoutSeconds = -1 }).Fit(connection, source, ["b"]));
        Assert.Throws<ArgumentNullException>(() => new SqlKMeans(two).Fit(null!, source, ["b"]));
    }

    private static void AssertSame(KMeansModel<double> expected, KMeansModel<double> actual, FeatureMatrix<double> data)
    {
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.Converged, actual.Converged);
        Assert.Equal(data.ColumnNames, actual.Centroids.ColumnNames);
        ReadOnlySpan<double> e = expected.Centroids.AsSpan();
        ReadOnlySpan<double> a = actual.Centroids.AsSpan();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Abs(e[i] - a[i]) <= (1e-9 * Math.Abs(e[i])) + 1e-12, $"centroid value {i}: expected {e[i]:R}, got {a[i]:R}");
        }

        Assert.True(Math.Abs(expected.Inertia - actual.Inertia) <= 1e-9 * expected.Inertia, $"inertia: expected {expected.Inertia:R}, got {actual.Inertia:R}");
        Assert.Equal(expected.Labels.ToArray(), actual.Predict(data));
        Assert.Equal(0, actual.Labels.Length);
    }

    private static T OnTable<T>(string engine, FeatureMatrix<double> data, Func<DbConnection, ScoringSqlSource, T> fit)
    {
        string columns = string.Join(", ", data.ColumnNames!.Select(c => c + " DOUBLE PRECISION"));
        if (engine == "duckdb")
        {
            using var duck = new DuckDBConnection("Data Source=:memory:");
            duck.Open();
            Execute(duck, $"CREATE TABLE features (customer_id VARCHAR, {columns})");
            using (DuckDBAppender appender = duck.CreateAppender("features"))
            {
                for (int i = 0; i < data.RowCount; i++)
                {
                    IDuckDBAppenderRow row = appender.CreateRow().AppendValue(data.RowIds![i]);
                    for (int j = 0; j < data.ColumnCount; j++)
                    {
                        row = row.AppendValue((double?)data[i, j]);
                    }

                    row.EndRow();
                }
            }

            return fit(duck, ScoringSqlSource.FromTable("features"));
        }

        using NpgsqlConnection pg = PostgresServer.Open();
        string schema = PostgresServer.NewSchemaName();
        PostgresServer.Execute(pg, $"CREATE SCHEMA {schema}");
        try
        {
            PostgresServer.Execute(pg, $"CREATE TABLE {schema}.features (customer_id text, {columns})");
            using (NpgsqlBinaryImporter writer = pg.BeginBinaryImport($"COPY {schema}.features FROM STDIN (FORMAT BINARY)"))
            {
                for (int i = 0; i < data.RowCount; i++)
                {
                    writer.StartRow();
                    writer.Write(data.RowIds![i], NpgsqlDbType.Text);
                    for (int j = 0; j < data.ColumnCount; j++)
                    {
                        writer.Write(data[i, j], NpgsqlDbType.Double);
                    }
                }

                writer.Complete();
            }

            return fit(pg, ScoringSqlSource.FromTable("features", schema));
        }
        finally
        {
            PostgresServer.Execute(pg, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    /// <summary>Hillstrom's 12 features, standardized (so that history does not dominate), with the row ids.</summary>
    private static FeatureMatrix<double> StandardizedHillstrom()
    {
        FeatureMatrix<double> x = Hillstrom.Features([.. Enumerable.Range(0, Hillstrom.All.Count)]);
        int n = x.RowCount, d = x.ColumnCount;
        double[] values = x.AsSpan().ToArray();
        for (int j = 0; j < d; j++)
        {
            double mean = 0, m2 = 0;
            for (int r = 0; r < n; r++)
            {
                mean += values[(r * d) + j];
            }

            mean /= n;
            for (int r = 0; r < n; r++)
            {
                double c = values[(r * d) + j] - mean;
                m2 += c * c;
            }

            double scale = Math.Sqrt(m2 / n);
            for (int r = 0; r < n; r++)
            {
                values[(r * d) + j] = (values[(r * d) + j] - mean) / scale;
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(values, n, d, x.ColumnNames, x.RowIds);
    }

    /// <summary>Four Gaussian blobs in 3 dimensions with ids b00000..</summary>
    private static FeatureMatrix<double> Blobs(int n, int seed)
    {
        var random = new Random(seed);
        double[][] centres = [[0, 0, 0], [5, 5, 5], [0, 5, 0], [5, 0, 5]];
        var values = new double[n * 3];
        var ids = new string[n];
        for (int r = 0; r < n; r++)
        {
            double[] c = centres[r % centres.Length];
            for (int j = 0; j < 3; j++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                values[(r * 3) + j] = c[j] + (Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            ids[r] = "b" + r.ToString("D5", CultureInfo.InvariantCulture);
        }

        return FeatureMatrix<double>.FromOwnedArray(values, n, 3, s_blobColumns, ids);
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
