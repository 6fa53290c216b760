using System.Data.Common;
using DuckDB.NET.Data;
using Personalization.Experiments;

namespace Personalization.Sql.Tests;

public sealed class SqlExperimentStatisticsTests(HillstromTables tables) : IClassFixture<HillstromTables>
{
    private static readonly SqlExperimentColumns s_columns = new() { Arm = "segment", Metrics = ["conversion", "spend"], Covariate = "history", Ratios = [("spend", "conversion")] };

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Compute_Hillstrom_SummaryTestsEqualTheInMemoryAnalysis(string engine)
    {
        (DbConnection connection, string? schema, SqlDialect dialect) = tables.Open(engine);
        IReadOnlyList<SqlArmStatistics> arms = SqlExperimentStatistics.Compute(connection, ScoringSqlSource.FromTable(HillstromTables.Table, schema), s_columns, dialect);
        Assert.Equal(["Mens E-Mail", "No E-Mail", "Womens E-Mail"], arms.Select(a => a.Arm));

        // the in-memory path: one ExperimentUnit per row, analysed from the samples
        Personalization.TestData.HillstromRows all = Hillstrom.All;
        var units = new ExperimentUnit[all.Count];
        for (int i = 0; i < all.Count; i++)
        {
            units[i] = new ExperimentUnit(Hillstrom.ArmNames[all.Arm[i]], all.Conversion[i] != 0, all.Spend[i], all.Features[(i * Hillstrom.FeatureNames.Length) + 2]);
        }

        ExperimentReport report = new ExperimentAnalysis(new ExperimentAnalysisOptions { ControlArm = "No E-Mail" }).Analyze(units);
        Assert.True(report.CupedApplied);
        SqlArmStatistics control = arms.Single(a => a.Arm == "No E-Mail");
        Assert.True(control.CovariateMinimum < control.CovariateMaximum);
        foreach (SqlArmStatistics treatment in arms.Where(a => a.Arm != "No E-Mail"))
        {
            Assert.Equal(report.ArmSizes[report.Arms.ToList().IndexOf(treatment.Arm)], treatment.Count);
            AssertSame(Row(report, ExperimentAnalysis.ConversionMetric, treatment.Arm), TwoProportionZTest.Test(control.Metric("conversion").Proportion(), treatment.Metric("conversion").Proportion()));
            AssertSame(Row(report, ExperimentAnalysis.RevenueMetric, treatment.Arm), Cuped.Analyze(control.Metric("spend").WithCovariate(), treatment.Metric("spend").WithCovariate()).Test);
            AssertSame(Row(report, ExperimentAnalysis.RevenuePerConversionMetric, treatment.Arm), RatioMetricTest.Test(control.Ratio("spend", "conversion"), treatment.Ratio("spend", "conversion")));

            // Welch on revenue without CUPED, against the samples
            double[] a = [.. Enumerable.Range(0, all.Count).Where(i => Hillstrom.ArmNames[all.Arm[i]] == "No E-Mail").Select(i => all.Spend[i])];
            double[] b = [.. Enumerable.Range(0, all.Count).Where(i => Hillstrom.ArmNames[all.Arm[i]] == treatment.Arm).Select(i => all.Spend[i])];
            TestResult welch = TTest.Welch(SampleSummary.FromSamples(a), SampleSummary.FromSamples(b));
            TestResult fromSql = TTest.Welch(control.Metric("spend").Sample(), treatment.Metric("spend").Sample());
            Close(welch.PValue, fromSql.PValue, "Welch p");
            Close(welch.Estimate, fromSql.Estimate, "Welch estimate");
            Close(welch.Statistic, fromSql.Statistic, "Welch statistic");
        }

        // the sums themselves, against .NET sums of the same rows
        foreach (SqlArmStatistics arm in arms)
        {
            int[] rows = [.. Enumerable.Range(0, all.Count).Where(i => Hillstrom.ArmNames[all.Arm[i]] == arm.Arm)];
            Assert.Equal(rows.Length, arm.Count);
            SqlMetricStatistics conversion = arm.Metric("conversion"), spend = arm.Metric("spend");
            Assert.Equal(rows.Count(i => all.Conversion[i] != 0), conversion.Sum);
            Assert.True(conversion.IsBinary);
            Assert.False(spend.IsBinary);
            Assert.Throws<InvalidOperationException>(() => spend.Proportion());
            Assert.Equal(rows.Length, arm.CovariateCount);
            Assert.Equal(rows.Max(i => all.Spend[i]), spend.Maximum);
            Assert.Equal(0, spend.Minimum);
            Close(rows.Sum(i => all.Spend[i]), spend.Sum, "Σ revenue");
            Close(rows.Sum(i => all.Spend[i] * all.Spend[i]), spend.SumOfSquares, "Σ revenue²");
            Close(rows.Sum(i => History(i)), arm.CovariateSum, "Σ covariate");
            Close(rows.Sum(i => History(i) * History(i)), arm.CovariateSumOfSquares, "Σ covariate²");
            Close(rows.Sum(i => History(i) * all.Spend[i]), spend.CovariateCrossProduct, "Σ revenue · covariate");
            RatioSummary ratio = arm.Ratio("spend", "conversion");
            RatioSummary expectedRatio = RatioSummary.FromSamples([.. rows.Select(i => all.Spend[i])], [.. rows.Select(i => all.Conversion[i])]);
            Close(expectedRatio.Ratio, ratio.Ratio, "ratio");
            Close(expectedRatio.CrossProducts, ratio.CrossProducts, "ratio cross-products");
            Assert.Equal(rows.Min(History), arm.CovariateMinimum);
            Assert.Equal(rows.Max(History), arm.CovariateMaximum);
        }
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Compute_NoCovariateColumn_CupedSummaryThrowsAndOthersWork(string engine)
    {
        (DbConnection connection, string? schema, SqlDialect dialect) = tables.Open(engine);
        IReadOnlyList<SqlArmStatistics> arms = SqlExperimentStatistics.Compute(connection, ScoringSqlSource.FromTable(HillstromTables.Table, schema), s_columns with { Covariate = null }, dialect);
        Assert.All(arms, a => Assert.Equal(0, a.CovariateCount));
        Assert.All(arms, a => Assert.True(double.IsNaN(a.CovariateMinimum)));
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => arms[0].Metric("spend").WithCovariate());
        Assert.Contains(arms[0].Arm, e.Message, StringComparison.Ordinal);
        Assert.True(arms[0].Metric("spend").Sample().Count > 0);
        Assert.Throws<ArgumentException>(() => arms[0].Metric("visit"));
        Assert.Throws<ArgumentException>(() => arms[0].Ratio("conversion", "spend"));
    }

    [Fact]
    public void Compute_BadUnits_ThrowNamingArmAndCount()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        ScoringSqlSource Q(string rows) => ScoringSqlSource.FromQuery($"SELECT * FROM (VALUES {rows}) AS t(arm, converted, revenue, x)");
        var columns = new SqlExperimentColumns { Metrics = ["converted", "revenue"], Covariate = "x" };
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0), (NULL, 0, 1.0, 1.0)"), columns));
        Assert.Contains("1 units", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0), ('b', 0, CAST('NaN' AS DOUBLE), 1.0), ('b', 0, NULL, 1.0)"), columns));
        Assert.Contains("2 units of arm 'b'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'revenue'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', NULL, 2.0, 1.0)"), columns));
        Assert.Contains("'converted'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidDataException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, CAST('Infinity' AS DOUBLE))"), columns));
        Assert.Contains("covariate", e.Message, StringComparison.Ordinal);
        IReadOnlyList<SqlArmStatistics> ok = SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, NULL), ('a', 0, 0.0, 3.0)"), columns);
        Assert.Equal(1, ok.Single().CovariateCount);
        Assert.Throws<ArgumentException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns with { Metrics = ["converted", " "] }));
        Assert.Throws<ArgumentException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns with { Metrics = [] }));
        Assert.Throws<ArgumentException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns with { Metrics = ["revenue", "revenue"] }));
        Assert.Throws<ArgumentException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns with { Metrics = ["x"] }));
        Assert.Throws<ArgumentException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns with { Ratios = [("revenue", "orders")] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlExperimentStatistics.Compute(connection, Q("('a', 1, 2.0, 1.0)"), columns, commandTimeoutSeconds: -1));
        Assert.Throws<ArgumentNullException>(() => SqlExperimentStatistics.Compute(connection, null!, columns));
    }

    private static double History(int row) => Hillstrom.All.Features[(row * Hillstrom.FeatureNames.Length) + 2];

    private static MetricResult Row(ExperimentReport report, string metric, string arm) => report.Results.Single(r => r.Metric == metric && r.Arm == arm);

    private static void AssertSame(MetricResult expected, TestResult actual)
    {
        Assert.Equal(expected.TestName, actual.TestName);
        Close(expected.PValue, actual.PValue, $"{expected.Metric} {expected.Arm} p-value");
        Close(expected.Difference, actual.Estimate, $"{expected.Metric} {expected.Arm} difference");
        Close(expected.DifferenceInterval.Lower, actual.ConfidenceInterval!.Value.Lower, $"{expected.Metric} {expected.Arm} lower bound");
        Close(expected.DifferenceInterval.Upper, actual.ConfidenceInterval!.Value.Upper, $"{expected.Metric} {expected.Arm} upper bound");
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= (1e-9 * Math.Abs(expected)) + 1e-12, $"{what}: expected {expected:R}, got {actual:R}");
}
