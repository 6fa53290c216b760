using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Sql.Tests;

public sealed class ScoringSqlTests
{
    private static readonly string[] s_columns = ["recency_days", "frequency", "monetary", "aov", "tenure_days", "return_rate"];
    private static readonly Lazy<FeatureMatrix<double>> s_customers = new(LoadCustomers);

    public static TheoryData<string> Pipelines => new() { "standard", "minmax-winsorized", "robust-winsorized" };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Segmentation_DuckDBOnlineRetail_EqualsPredictForEveryCustomer(string pipeline)
    {
        (PreprocessingModel preprocessing, KMeansModel<double> kmeans) = Fit(pipeline);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE \"Customer Features\" (customer_id VARCHAR, " + string.Join(", ", s_columns.Select(c => c + " DOUBLE")) + ")");
        using (DuckDBAppender appender = connection.CreateAppender("Customer Features"))
        {
            FeatureMatrix<double> f = s_customers.Value;
            for (int i = 0; i < f.RowCount; i++)
            {
                IDuckDBAppenderRow row = appender.CreateRow().AppendValue(f.RowIds![i]);
                for (int j = 0; j < f.ColumnCount; j++)
                {
                    row = row.AppendValue((double?)f[i, j]);
                }

                row.EndRow();
            }
        }

        string sql = ScoringSql.Segmentation(preprocessing, kmeans, DuckDBDialect.Instance, ScoringSqlSource.FromTable("Customer Features"));
        AssertSameAsPredict(preprocessing, kmeans, Run(connection, sql));
    }

    [Fact]
    public void Segmentation_DuckDBSubquerySource_EqualsPredictForEveryCustomer()
    {
        (PreprocessingModel preprocessing, KMeansModel<double> kmeans) = Fit("standard");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE TABLE raw (id VARCHAR, " + string.Join(", ", s_columns.Select(c => c + " DOUBLE")) + ")");
        using (DuckDBAppender appender = connection.CreateAppender("raw"))
        {
            FeatureMatrix<double> f = s_customers.Value;
            for (int i = 0; i < f.RowCount; i++)
            {
                IDuckDBAppenderRow row = appender.CreateRow().AppendValue(f.RowIds![i]);
                for (int j = 0; j < f.ColumnCount; j++)
                {
                    row = row.AppendValue((double?)f[i, j]);
                }

                row.EndRow();
            }
        }

        string query = "SELECT id AS customer_id, " + string.Join(", ", s_columns) + " FROM raw";
        string sql = ScoringSql.Segmentation(preprocessing, kmeans, DuckDBDialect.Instance, ScoringSqlSource.FromQuery(query));
        AssertSameAsPredict(preprocessing, kmeans, Run(connection, sql));
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Segmentation_PostgresOnlineRetail_EqualsPredictForEveryCustomer(string pipeline)
    {
        (PreprocessingModel preprocessing, KMeansModel<double> kmeans) = Fit(pipeline);
        using NpgsqlConnection connection = PostgresServer.Open();
        string schema = PostgresServer.NewSchemaName();
        PostgresServer.Execute(connection, $"CREATE SCHEMA {schema}");
        try
        {
            string table = $"{schema}.\"Customer Features\"";
            PostgresServer.Execute(connection, $"CREATE TABLE {table} (customer_id text, " + string.Join(", ", s_columns.Select(c => c + " double precision")) + ")");
            using (NpgsqlBinaryImporter writer = connection.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT BINARY)"))
            {
                FeatureMatrix<double> f = s_customers.Value;
                for (int i = 0; i < f.RowCount; i++)
                {
                    writer.StartRow();
                    writer.Write(f.RowIds![i], NpgsqlDbType.Text);
                    for (int j = 0; j < f.ColumnCount; j++)
                    {
                        writer.Write(f[i, j], NpgsqlDbType.Double);
                    }
                }

                writer.Complete();
            }

            string sql = ScoringSql.Segmentation(preprocessing, kmeans, PostgreSqlDialect.Instance, ScoringSqlSource.FromTable("Customer Features", schema));
            AssertSameAsPredict(preprocessing, kmeans, Run(connection, sql));
        }
        finally
        {
            PostgresServer.Execute(connection, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Segmentation_NaNNullInfiniteInput_ImputesOrGivesNullSegment(string engine)
    {
        var data = FeatureMatrix<double>.FromRows(
            [[1, 2], [3, 5], [10, 1], [12, 3], [2, 2], [11, 2]],
            ["a", "b"]);
        PreprocessingModel withImputer = new PreprocessingPipeline(new PreprocessingPipelineOptions { Log1p = new Log1pTransformOptions() }).Fit(data);
        PreprocessingModel withoutImputer = new PreprocessingPipeline(new PreprocessingPipelineOptions { Imputer = null, Log1p = new Log1pTransformOptions() }).Fit(data);
        KMeansModel<double> kmeans = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 42 }).Fit(withImputer.Transform(data));
        string rows = "SELECT * FROM (VALUES ('nan', CAST('NaN' AS DOUBLE PRECISION), CAST(2 AS DOUBLE PRECISION)), ('null', NULL, 2), ('inf', CAST('Infinity' AS DOUBLE PRECISION), 2), "
            + "('below', -1, 2), ('ok', 11, 2)) AS t(customer_id, a, b)";
        Dictionary<string, (int? Segment, double? Distance)> imputed = RunOn(engine, ScoringSql.Segmentation(withImputer, kmeans, Dialect(engine), ScoringSqlSource.FromQuery(rows)));
        Dictionary<string, (int? Segment, double? Distance)> strict = RunOn(engine, ScoringSql.Segmentation(withoutImputer, kmeans, Dialect(engine), ScoringSqlSource.FromQuery(rows)));

        double fill = withImputer.Imputer!.FillValues[0];
        int expectedImputed = kmeans.Predict(withImputer.Transform(FeatureMatrix<double>.FromRows([[fill, 2]], ["a", "b"])))[0];
        Assert.Equal(expectedImputed, imputed["nan"].Segment);
        Assert.Equal(expectedImputed, imputed["null"].Segment);
        Assert.Null(imputed["inf"].Segment);
        Assert.Null(imputed["inf"].Distance);
        Assert.Null(imputed["below"].Segment);
        Assert.Equal(kmeans.Predict(withImputer.Transform(FeatureMatrix<double>.FromRows([[11.0, 2]], ["a", "b"])))[0], imputed["ok"].Segment);
        Assert.Null(strict["nan"].Segment);
        Assert.Null(strict["null"].Segment);
        Assert.Null(strict["nan"].Distance);
        Assert.NotNull(strict["ok"].Segment);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Segmentation_ExactTie_PicksLowestCentroidIndexAsPredict(string engine)
    {
        var data = FeatureMatrix<double>.FromRows([[0.0], [0.0], [2.0], [2.0]], ["x"]);
        var initial = FeatureMatrix<double>.FromRows([[0.0], [2.0]], ["x"]);
        KMeansModel<double> kmeans = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 42 }).Fit(data, initial);
        var tie = FeatureMatrix<double>.FromRows([[1.0]], ["x"]);
        int expected = kmeans.Predict(tie)[0];
        Dictionary<string, (int? Segment, double? Distance)> result = RunOn(engine, ScoringSql.Segmentation(null, kmeans, Dialect(engine), ScoringSqlSource.FromQuery("SELECT 'tie' AS customer_id, CAST(1 AS DOUBLE PRECISION) AS x")));
        Assert.Equal(0, expected);
        Assert.Equal(expected, result["tie"].Segment);
        Assert.Equal(1.0, result["tie"].Distance);
    }

    [Fact]
    public void Segmentation_ColumnCountMismatchOrBadSource_Throws()
    {
        (PreprocessingModel preprocessing, _) = Fit("standard");
        KMeansModel<double> other = new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 42 }).Fit(FeatureMatrix<double>.FromRows([[0.0], [1.0], [5.0]], ["x"]));
        Assert.Throws<ArgumentException>(() => ScoringSql.Segmentation(preprocessing, other, DuckDBDialect.Instance, ScoringSqlSource.FromTable("t")));
        Assert.Throws<ArgumentException>(() => ScoringSql.Segmentation(null, other, DuckDBDialect.Instance, new ScoringSqlSource { Table = "t", Query = "SELECT 1" }));
        Assert.Throws<ArgumentException>(() => ScoringSql.Segmentation(null, other, DuckDBDialect.Instance, ScoringSqlSource.FromQuery("SELECT 1;")));
    }

    [Fact]
    public void Literal_AnyDouble_RoundTripsExactly()
    {
        double[] values = [0.1, 1.0 / 3, -2.5e-300, 1.7976931348623157e308, 4.9e-324, 123456789.123456789];
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        foreach (double v in values)
        {
            using DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT " + ScoringSql.Literal(DuckDBDialect.Instance, v);
            Assert.Equal(v, (double)command.ExecuteScalar()!);
        }
    }

    private static SqlDialect Dialect(string engine) => engine == "duckdb" ? DuckDBDialect.Instance : PostgreSqlDialect.Instance;

    private static Dictionary<string, (int? Segment, double? Distance)> RunOn(string engine, string sql)
    {
        if (engine == "duckdb")
        {
            using var duck = new DuckDBConnection("Data Source=:memory:");
            duck.Open();
            return Run(duck, sql);
        }

        using NpgsqlConnection pg = PostgresServer.Open();
        return Run(pg, sql);
    }

    private static Dictionary<string, (int? Segment, double? Distance)> Run(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var result = new Dictionary<string, (int? Segment, double? Distance)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            int? segment = reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            double? distance = reader.IsDBNull(2) ? null : reader.GetDouble(2);
            result.Add(reader.GetString(0), (segment, distance));
        }

        return result;
    }

    private static void AssertSameAsPredict(PreprocessingModel preprocessing, KMeansModel<double> kmeans, Dictionary<string, (int? Segment, double? Distance)> actual)
    {
        FeatureMatrix<double> customers = s_customers.Value;
        FeatureMatrix<double> scaled = preprocessing.Transform(customers);
        int[] labels = kmeans.Predict(scaled);
        FeatureMatrix<double> distances = kmeans.Transform(scaled);
        Assert.Equal(customers.RowCount, actual.Count);
        for (int i = 0; i < customers.RowCount; i++)
        {
            string id = customers.RowIds![i];
            (int? segment, double? distance) = actual[id];
            Assert.True(labels[i] == segment, $"customer {id}: Predict gives {labels[i]}, SQL gives {segment}");
            double expected = distances[i, labels[i]];
            Assert.True(Math.Abs(expected - distance!.Value) <= 1e-9, $"customer {id}: distance {expected:R} in .NET, {distance:R} in SQL");
        }
    }

    private static (PreprocessingModel Preprocessing, KMeansModel<double> KMeans) Fit(string pipeline)
    {
        var options = new PreprocessingPipelineOptions
        {
            Log1p = new Log1pTransformOptions { Columns = ["frequency", "monetary", "aov"] },
            Scaler = pipeline switch { "standard" => ScalerKind.Standard, "minmax-winsorized" => ScalerKind.MinMax, _ => ScalerKind.Robust },
            Winsorizer = pipeline == "standard" ? null : new WinsorizerOptions { LowerQuantile = 0.01, UpperQuantile = 0.99 },
        };
        PreprocessingModel preprocessing = new PreprocessingPipeline(options).Fit(s_customers.Value);
        KMeansModel<double> kmeans = new KMeans(new KMeansOptions { ClusterCount = 5, Seed = 42 }).Fit(preprocessing.Transform(s_customers.Value));
        return (preprocessing, kmeans);
    }

    private static FeatureMatrix<double> LoadCustomers()
    {
        var features = new CustomerFeatureOptions { AsOf = new DateTime(2011, 12, 10), Columns = s_columns };
        FeatureMatrix<double> all = new CustomerFeatureExtractor(features).Extract(OnlineRetailCsv.Read(TestData.OnlineRetailPath, new CsvReadReport()));
        var rows = new List<double[]>();
        var ids = new List<string>();
        for (int i = 0; i < all.RowCount; i++)
        {
            var row = new double[all.ColumnCount];
            bool keep = true;
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = all[i, j];
                keep &= double.IsFinite(row[j]);
            }

            if (keep && row[1] >= 1 && row[2] > 0)
            {
                rows.Add(row);
                ids.Add(all.RowIds![i]);
            }
        }

        Assert.Equal(s_columns, all.ColumnNames);
        Assert.True(rows.Count > 4000, $"only {rows.Count} customers");
        return FeatureMatrix<double>.FromRows(rows, s_columns, ids);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
