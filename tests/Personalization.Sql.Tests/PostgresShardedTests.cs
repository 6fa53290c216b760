using System.Data.Common;
using System.Globalization;
using Npgsql;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Uplift;
using Personalization.Uplift.Learners;
using Xunit.Abstractions;

namespace Personalization.Sql.Tests;

/// <summary>Feature pushdown, scoring SQL and experiment statistics on a table hash-partitioned by customer into postgres_fdw foreign partitions on
/// two shard servers give the single-server results; the plans scan each shard once, and the feature query's (customer, order) aggregation runs on the shards.</summary>
public sealed class PostgresShardedTests(ShardedPostgres sharded, ITestOutputHelper output) : IClassFixture<ShardedPostgres>
{
    private const string TransactionColumns = "customer_id text, order_id text, \"timestamp\" timestamp, quantity double precision, unit_price double precision, channel text, category text, discount_percent double precision, is_return boolean";

    private static readonly List<Transaction> s_transactions = Synthetic.Generate();

    [Fact]
    public void Extract_ShardedTransactions_EqualsSingleServerForEveryOptionSet()
    {
        using NpgsqlConnection connection = Coordinator();
        EnsureTransactions(connection);
        long[] perShard = sharded.ShardRowCounts("lines");
        Assert.All(perShard, c => Assert.True(c > 0, "a shard holds no rows, so the test would not be sharded"));
        Assert.Equal(s_transactions.Count, perShard.Sum());
        foreach (CustomerFeatureOptions options in Synthetic.OptionSets())
        {
            var shardedReport = new SqlReadReport();
            FeatureMatrix<double> fromShards = new SqlFeatureExtractor(options).Extract(connection, SqlTransactionSource.Table("lines", sharded.Schema), shardedReport);
            FeatureMatrix<double> single = new SqlFeatureExtractor(options).Extract(connection, SqlTransactionSource.Table("lines_local", sharded.Schema));
            TestData.AssertSameFeatures(single, fromShards);
            TestData.AssertSameFeatures(new CustomerFeatureExtractor(options).Extract(s_transactions), fromShards);
            Assert.Equal(s_transactions.Count, shardedReport.RowsAccepted);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Plan_ShardedFeatureQuery_AggregatesOnEachShardWithoutSubPlans(bool asOf)
    {
        using NpgsqlConnection connection = Coordinator();
        EnsureTransactions(connection);
        var extractor = new SqlFeatureExtractor(new CustomerFeatureOptions { Categories = Synthetic.Categories, AsOf = asOf ? Synthetic.AsOf : null, WindowDays = asOf ? 365 : null });
        (string sql, List<(string Name, object Value)> parameters) = extractor.Plan(connection, SqlTransactionSource.Table("lines", sharded.Schema));
        string plan = QueryPlanTests.Explain(connection, PostgreSqlDialect.Instance, ("VERBOSE " + sql, parameters));
        output.WriteLine(sql);
        output.WriteLine(plan);
        Assert.Equal(2, QueryPlanTests.Count(plan, "Foreign Scan"));
        Assert.Equal(0, QueryPlanTests.Count(plan, "SubPlan"));

        // the per-(customer, order) aggregation runs on each shard (partitionwise, shipped by postgres_fdw): each shard's one
        // Foreign Scan is an aggregate, and the coordinator only combines orders
        Assert.Equal(2, QueryPlanTests.Count(plan, "Relations: Aggregate on"));
        Assert.Equal(1, QueryPlanTests.Count(plan, $"Relations: Aggregate on ({sharded.Schema}.lines_0 "));
        Assert.Equal(1, QueryPlanTests.Count(plan, $"Relations: Aggregate on ({sharded.Schema}.lines_1 "));
    }

    [Fact]
    public void ScoringSql_ShardedFeatures_EqualsSingleServerRowForRow()
    {
        using NpgsqlConnection connection = Coordinator();
        EnsureHillstrom(connection);
        FeatureMatrix<double> sample = Hillstrom.Features(Hillstrom.Sample(5000, 9));
        KMeansModel<double> kmeans = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 1 }).Fit(sample);
        string Segment(string table) => ScoringSql.Segmentation(null, kmeans, PostgreSqlDialect.Instance, ScoringSqlSource.FromTable(table, sharded.Schema));
        Assert.Equal(Rows(connection, Segment("hillstrom_local")), Rows(connection, Segment("hillstrom")));

        TLearnerModel uplift = new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }).Fit(Hillstrom.Uplift(Hillstrom.Sample(8000, 4)));
        var policy = new OfferPolicyOptions { Arms = [new ArmEconomics { ValuePerOutcome = 10, CostPerTreated = 0.02 }, new ArmEconomics { ValuePerOutcome = 12, CostPerTreated = 0.05 }], MaxTreated = 15000 };
        string Offer(string table) => ScoringSql.Uplift(uplift, Hillstrom.FeatureNames, policy, PostgreSqlDialect.Instance, ScoringSqlSource.FromTable(table, sharded.Schema));
        SortedDictionary<string, string> single = Rows(connection, Offer("hillstrom_local"));
        Assert.Equal(Hillstrom.All.Count, single.Count);
        Assert.Equal(single, Rows(connection, Offer("hillstrom")));
    }

    [Fact]
    public void ExperimentStatistics_ShardedUnits_EqualSingleServer()
    {
        using NpgsqlConnection connection = Coordinator();
        EnsureHillstrom(connection);
        var columns = new SqlExperimentColumns { Arm = "segment", Metrics = ["conversion", "spend"], Covariate = "history", Ratios = [("spend", "conversion")] };
        IReadOnlyList<SqlArmStatistics> single = SqlExperimentStatistics.Compute(connection, ScoringSqlSource.FromTable("hillstrom_local", sharded.Schema), columns);
        IReadOnlyList<SqlArmStatistics> fromShards = SqlExperimentStatistics.Compute(connection, ScoringSqlSource.FromTable("hillstrom", sharded.Schema), columns);
        Assert.Equal(single.Select(a => (a.Arm, a.Count, a.CovariateCount, a.CovariateMinimum, a.CovariateMaximum)),
            fromShards.Select(a => (a.Arm, a.Count, a.CovariateCount, a.CovariateMinimum, a.CovariateMaximum)));
        for (int i = 0; i < single.Count; i++)
        {
            SqlMetricStatistics se = single[i].Metric("spend"), sa = fromShards[i].Metric("spend");
            Assert.Equal(single[i].Metric("conversion").Sum, fromShards[i].Metric("conversion").Sum);
            double[] e = [se.Sum, se.SumOfSquares, se.CovariateCrossProduct, single[i].CovariateSum, single[i].CovariateSumOfSquares, single[i].Ratio("spend", "conversion").CrossProducts];
            double[] a = [sa.Sum, sa.SumOfSquares, sa.CovariateCrossProduct, fromShards[i].CovariateSum, fromShards[i].CovariateSumOfSquares, fromShards[i].Ratio("spend", "conversion").CrossProducts];
            for (int j = 0; j < e.Length; j++)
            {
                Assert.True(Math.Abs(e[j] - a[j]) <= 1e-12 * Math.Abs(e[j]), $"arm {single[i].Arm}, sum {j}: {e[j]:R} vs {a[j]:R}");
            }
        }
    }

    private static NpgsqlConnection Coordinator()
    {
        NpgsqlConnection connection = PostgresServer.Open();
        PostgresServer.Execute(connection, "SET enable_partitionwise_aggregate = on");
        return connection;
    }

    private void EnsureTransactions(NpgsqlConnection connection)
    {
        lock (sharded)
        {
            if (!Exists(connection, "lines"))
            {
                sharded.CreateSharded(connection, "lines", TransactionColumns, "customer_id", local => PostgresServer.LoadTransactions(connection, local, s_transactions));
            }
        }
    }

    private void EnsureHillstrom(NpgsqlConnection connection)
    {
        lock (sharded)
        {
            if (!Exists(connection, "hillstrom"))
            {
                string columns = "customer_id text, " + string.Join(", ", Hillstrom.FeatureNames.Select(c => c + " double precision")) + ", segment text, visit double precision, conversion double precision, spend double precision";
                sharded.CreateSharded(connection, "hillstrom", columns, "customer_id", local => Hillstrom.CreatePostgres(connection, local));
            }
        }
    }

    private bool Exists(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand($"SELECT to_regclass('{sharded.Schema}.{table}') IS NOT NULL", connection);
        return (bool)command.ExecuteScalar()!;
    }

    /// <summary>Every row as id -> the other columns in invariant round-trip text.</summary>
    private static SortedDictionary<string, string> Rows(DbConnection connection, string sql)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount - 1];
            for (int i = 1; i < reader.FieldCount; i++)
            {
                object value = reader.GetValue(i);
                fields[i - 1] = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "NULL";
            }

            rows.Add(reader.GetString(0), string.Join("|", fields));
        }

        return rows;
    }
}
