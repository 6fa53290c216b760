using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Personalization;
using Personalization.Clustering;
using Personalization.Sql;

// Models go to the data (issue 19's performance targets), whole steps timed inside one process:
//  - scoring SQL: a fitted K-Means model (8 segments) compiled by ScoringSql.Segmentation and run by DuckDB over a table
//    of N customers x 8 features (CREATE TABLE scored AS ...), beside KMeansModel.Predict on the same rows read into memory
//    (and the time to read them);
//  - SqlKMeans from given centroids with MaxIterations = 1 (the statistics query, one assignment GROUP BY and the inertia
//    query) beside KMeans with MaxIterations = 1, the marginal cost of one more iteration (MaxIterations = 2 minus 1), and
//    the cost of the label-change count that confirms convergence at Tolerance 0.
// The labels of both paths are compared row by row. Usage: [N ...] (default 1000000 10000000 30000000); RUNS (default 3).
//
//   dotnet run -c Release --project benchmarks/Personalization.InEngineBenchmark -- 1000000 10000000 30000000
long[] sizes = args.Length > 0 ? args.Select(a => long.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000_000, 10_000_000, 30_000_000];
int runs = int.TryParse(Environment.GetEnvironmentVariable("RUNS"), out int r) && r > 0 ? r : 3;
const int Features = 8;
const int K = 8;
string[] columns = [.. Enumerable.Range(0, Features).Select(j => $"f{j}")];

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}; median of {runs} runs; DuckDB threads: its default (one per core)");
Console.WriteLine();
Console.WriteLine("| customers | step | in DuckDB s | in DuckDB CPU s | in memory s | in memory: read rows s | ratio (DuckDB / memory) | labels equal |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---|");
foreach (long n in sizes)
{
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    Execute(connection, "DROP TABLE IF EXISTS features");
    // Deterministic data: 8 shifted blobs (row i belongs to blob i % 8, which is shifted by 3 in feature i % 8) plus a
    // hash-derived uniform part, so the same N gives the same table on any machine.
    string values = string.Join(", ", Enumerable.Range(0, Features).Select(j =>
        $"CAST(i % {K} = {j} AS DOUBLE) * 3 + CAST(hash(i * {Features} + {j}) % 1000000 AS DOUBLE) / 1000000 AS f{j}"));
    Execute(connection, $"CREATE TABLE features AS SELECT CAST(i AS VARCHAR) AS customer_id, {values} FROM range({n}) AS t(i)");

    // The rows read into memory, in customer order (the peer's input).
    var read = Stopwatch.StartNew();
    double[] data = new double[n * Features];
    using (DuckDBCommand command = connection.CreateCommand())
    {
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM features ORDER BY CAST(customer_id AS BIGINT)";
        using var reader = command.ExecuteReader();
        long row = 0;
        while (reader.Read())
        {
            for (int j = 0; j < Features; j++)
            {
                data[(row * Features) + j] = reader.GetDouble(j);
            }

            row++;
        }
    }

    double readSeconds = read.Elapsed.TotalSeconds;
    FeatureMatrix<double> matrix = FeatureMatrix<double>.FromOwnedArray(data, checked((int)n), Features, columns);
    KMeansModel<double> model = new KMeans(new KMeansOptions { ClusterCount = K, Seed = 42 }).Fit(matrix.SelectRows([.. Enumerable.Range(0, 100_000)]));

    // Scoring.
    string scoring = ScoringSql.Segmentation(null, model, DuckDBDialect.Instance, ScoringSqlSource.FromTable("features"));
    Timing sqlScore = Median(runs, () =>
    {
        Execute(connection, "DROP TABLE IF EXISTS scored");
        Execute(connection, "CREATE TABLE scored AS " + scoring);
    });
    int[] labels = new int[n];
    Timing memoryScore = Median(runs, () => model.Predict(matrix, labels));
    long mismatches = 0;
    using (DuckDBCommand command = connection.CreateCommand())
    {
        command.CommandText = "SELECT segment FROM scored ORDER BY CAST(customer_id AS BIGINT)";
        using var reader = command.ExecuteReader();
        long row = 0;
        while (reader.Read())
        {
            mismatches += Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) == labels[row] ? 0 : 1;
            row++;
        }
    }

    Row(n, "assign to 8 segments (scoring SQL vs Predict)", sqlScore, memoryScore, readSeconds, mismatches == 0 ? "yes" : $"NO: {mismatches} differ");

    // One Lloyd iteration from the fitted centroids shifted by 0.25 in every feature (so that the first step moves them).
    double[] shifted = [.. model.Centroids.AsSpan().ToArray().Select(v => v + 0.25)];
    var start = new KMeansOptions { ClusterCount = K, MaxIterations = 1, InitialCentroids = FeatureMatrix<double>.FromOwnedArray(shifted, K, Features, columns), Algorithm = KMeansAlgorithm.Lloyd };
    KMeansModel<double>? sqlModel = null;
    KMeansModel<double>? memoryModel = null;
    Timing sqlLloyd = Median(runs, () => sqlModel = new SqlKMeans(new SqlKMeansOptions { KMeans = start }).Fit(connection, ScoringSqlSource.FromTable("features"), columns));
    Timing memoryLloyd = Median(runs, () => memoryModel = new KMeans(start).Fit(matrix));
    // KMeans numbers its clusters in its own canonical order; match each engine centroid to the nearest in-memory one.
    double gap = 0;
    ReadOnlySpan<double> a = sqlModel!.Centroids.AsSpan();
    ReadOnlySpan<double> b = memoryModel!.Centroids.AsSpan();
    for (int c = 0; c < K; c++)
    {
        double best = double.PositiveInfinity;
        for (int m = 0; m < K; m++)
        {
            double worst = 0;
            for (int j = 0; j < Features; j++)
            {
                double x = a[(c * Features) + j], y = b[(m * Features) + j];
                worst = Math.Max(worst, Math.Abs(x - y) / Math.Max(1, Math.Abs(y)));
            }

            best = Math.Min(best, worst);
        }

        gap = Math.Max(gap, best);
    }

    Row(n, "fit with MaxIterations = 1 (SqlKMeans: statistics, one assignment, inertia)", sqlLloyd, memoryLloyd, readSeconds, $"centroids within {gap:0.0e0}");

    // The marginal cost of one more Lloyd iteration: MaxIterations = 2 minus MaxIterations = 1 (the default tolerance, which the
    // second step meets, as no label changes).
    var two = start with { MaxIterations = 2 };
    Timing sqlTwo = Median(runs, () => sqlModel = new SqlKMeans(new SqlKMeansOptions { KMeans = two }).Fit(connection, ScoringSqlSource.FromTable("features"), columns));
    Timing memoryTwo = Median(runs, () => memoryModel = new KMeans(two).Fit(matrix));
    Row(n, "one more Lloyd iteration (fit with 2 minus fit with 1)", sqlTwo - sqlLloyd, memoryTwo - memoryLloyd, readSeconds, Iterations(sqlModel!, memoryModel!));

    // At Tolerance 0 the engine's sums of unchanged clusters may differ in the last bits (parallel summation), so the step that
    // changes no label is confirmed by counting the changed labels: one more pass, once per fit.
    var strict = two with { Tolerance = 0 };
    Timing sqlStrict = Median(runs, () => sqlModel = new SqlKMeans(new SqlKMeansOptions { KMeans = strict }).Fit(connection, ScoringSqlSource.FromTable("features"), columns));
    Timing memoryStrict = Median(runs, () => memoryModel = new KMeans(strict).Fit(matrix));
    Row(n, "Tolerance 0: the label-change count (fit with 2 at Tolerance 0 minus the default)", sqlStrict - sqlTwo, memoryStrict - memoryTwo, readSeconds, Iterations(sqlModel!, memoryModel!));
}

static string Iterations(KMeansModel<double> sql, KMeansModel<double> memory) =>
    sql.Iterations == memory.Iterations && sql.Converged == memory.Converged
        ? $"both ran {sql.Iterations} iterations{(sql.Converged ? ", converged" : string.Empty)}"
        : $"iterations: {sql.Iterations} in DuckDB, {memory.Iterations} in memory";

static void Row(long n, string step, Timing sql, Timing memory, double read, string check) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | {step} | {sql.Wall:0.000} | {sql.Cpu:0.000} | {memory.Wall:0.000} | {read:0.00} | {sql.Wall / memory.Wall:0.0} | {check} |"));

// Wall time and the process's CPU time (DuckDB runs in-process), each the median of the runs: on a shared machine the CPU time
// is the steadier figure.
static Timing Median(int runs, Action action)
{
    var walls = new double[runs];
    var cpus = new double[runs];
    for (int i = 0; i < runs; i++)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        walls[i] = clock.Elapsed.TotalSeconds;
        cpus[i] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    }

    Array.Sort(walls);
    Array.Sort(cpus);
    return new Timing(walls[runs / 2], cpus[runs / 2]);
}

static void Execute(DuckDBConnection connection, string sql)
{
    using DuckDBCommand command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

internal readonly record struct Timing(double Wall, double Cpu)
{
    public static Timing operator -(Timing a, Timing b) => new(a.Wall - b.Wall, a.Cpu - b.Cpu);
}
