using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using Personalization.Cli;
using Personalization.Persistence;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Samples.Tests;

/// <summary><c>personalize export-sql</c> on a saved uplift model: the printed SELECT, run in DuckDB or PostgreSQL over the training features,
/// gives the effects of <see cref="IUpliftModel.PredictEffects"/> and the offers of <see cref="OfferPolicy.Assign"/>.</summary>
public sealed class PersonalizeExportSqlUpliftTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static readonly string[] s_hillstromFeatures = ["recency", "history", "mens", "womens", "newbie"];

    private static readonly string[] s_hillstromArms = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];

    /// <summary>The first <paramref name="lines"/> rows of Hillstrom as uplift data: the numeric features, visit as outcome, the rows of
    /// <paramref name="arms"/> (default: the three arms of segment, control first); row ids are "r{line}".</summary>
    private static UpliftData HillstromData(int lines, string[]? arms = null)
    {
        arms ??= s_hillstromArms;
        string[] text = [.. File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(lines + 1)];
        string[] header = text[0].Split(',');
        int[] columns = [.. s_hillstromFeatures.Select(f => Array.IndexOf(header, f))];
        int segment = Array.IndexOf(header, "segment");
        int visit = Array.IndexOf(header, "visit");
        var values = new List<double>();
        var treatment = new List<int>();
        var outcome = new List<double>();
        var ids = new List<string>();
        for (int r = 1; r < text.Length; r++)
        {
            string[] fields = SplitCsv(text[r]);
            Assert.Contains(fields[segment], s_hillstromArms);
            int arm = Array.IndexOf(arms, fields[segment]);
            if (arm < 0)
            {
                continue;
            }

            values.AddRange(columns.Select(j => double.Parse(fields[j], CultureInfo.InvariantCulture)));
            treatment.Add(arm);
            outcome.Add(double.Parse(fields[visit], CultureInfo.InvariantCulture));
            ids.Add("r" + r.ToString(CultureInfo.InvariantCulture));
        }

        var features = FeatureMatrix<double>.FromOwnedArray([.. values], ids.Count, columns.Length, s_hillstromFeatures, ids);
        return new UpliftData(features, [.. treatment], [.. outcome], arms);
    }

    /// <summary>Splits one CSV line; history_segment holds quoted commas ("7) $1,000 +").</summary>
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private static DuckDBConnection FeaturesTable(FeatureMatrix<double> features, string table)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DbCommand create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE \"{table}\" (row_id VARCHAR, " + string.Join(", ", features.ColumnNames.Select(c => "\"" + c + "\" DOUBLE")) + ")";
            create.ExecuteNonQuery();
        }

        using DuckDBAppender appender = connection.CreateAppender(table);
        for (int i = 0; i < features.RowCount; i++)
        {
            IDuckDBAppenderRow row = appender.CreateRow().AppendValue(features.RowIds![i]);
            for (int j = 0; j < features.ColumnCount; j++)
            {
                row = row.AppendValue((double?)features[i, j]);
            }

            row.EndRow();
        }

        return connection;
    }

    /// <summary>Fits a logistic T-learner on the first Hillstrom rows, saves it and runs export-sql with per-arm costs and a top-N.</summary>
    private static (UpliftData Data, double[] Effects, OfferAssignment Expected, string Sql) FitAndExport(TempFolder folder, string dialect, string table)
    {
        UpliftData data = HillstromData(4000);
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }).Fit(data);
        string modelFile = folder.File("tlearner.model.json");
        ModelPersistence.SaveToFile(model, modelFile);

        // --cost differs per arm so that both arms and control are offered; --max-treated cuts the ranking
        (int exit, string sql, string error) = Run("export-sql", "--model", modelFile, "--dialect", dialect, "--table", table, "--id-column", "row_id",
            "--features", string.Join(",", s_hillstromFeatures), "--value", "1", "--cost", "0.04,0.06", "--max-treated", "1500");
        Assert.True(exit == 0, error);
        Assert.Contains("uplift_Mens E-Mail", sql, StringComparison.Ordinal);

        int m = model.ArmCount;
        var effects = new double[data.Count * m];
        model.PredictEffects(data.Features, effects);
        OfferAssignment expected = OfferPolicy.Assign(effects, m, new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.04 }, new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.06 }],
            MaxTreated = 1500,
        });
        Assert.True(expected.CountByArm(m).All(c => c > 0), "the test needs every arm offered: " + string.Join(",", expected.CountByArm(m)));
        return (data, effects, expected, sql);
    }

    /// <summary>Runs the printed SQL and checks every row's effects (to 1e-9) and offer.</summary>
    private static void AssertScores(DbConnection connection, string sql, UpliftData data, double[] effects, OfferAssignment expected)
    {
        int m = data.ArmCount;
        var rows = new Dictionary<string, (double[] Effects, string Offer)>(StringComparer.Ordinal);
        using (DbCommand select = connection.CreateCommand())
        {
            select.CommandText = sql.Trim().TrimEnd(';');
            using DbDataReader reader = select.ExecuteReader();
            Assert.Equal(["row_id", "uplift_Mens E-Mail", "uplift_Womens E-Mail", "offer"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            while (reader.Read())
            {
                rows.Add(reader.GetString(0), ([reader.GetDouble(1), reader.GetDouble(2)], reader.GetString(3)));
            }
        }

        Assert.Equal(data.Count, rows.Count);
        for (int r = 0; r < data.Count; r++)
        {
            (double[] fromSql, string offer) = rows[data.Features.RowIds![r]];
            for (int a = 0; a < m; a++)
            {
                double want = effects[(r * m) + a];
                Assert.True(Math.Abs(fromSql[a] - want) <= 1e-9, $"row {r}, arm {a + 1}: PredictEffects gives {want}, SQL {fromSql[a]}");
            }

            Assert.True(offer == s_hillstromArms[expected.Arms[r]], $"row {r}: OfferPolicy offers {s_hillstromArms[expected.Arms[r]]}, SQL {offer}");
        }
    }

    [Fact]
    public void ExportSql_LinearTLearnerOnHillstrom_DuckDBGivesPredictEffectsAndOfferPolicy()
    {
        using var folder = new TempFolder();
        (UpliftData data, double[] effects, OfferAssignment expected, string sql) = FitAndExport(folder, "duckdb", "hillstrom rows");
        using DuckDBConnection connection = FeaturesTable(data.Features, "hillstrom rows");
        AssertScores(connection, sql, data, effects, expected);
    }

    [Fact]
    public void ExportSql_LinearTLearnerOnHillstrom_PostgresGivesPredictEffectsAndOfferPolicy()
    {
        string? connectionString = Environment.GetEnvironmentVariable("PERSONALIZATION_POSTGRES");
        Assert.False(string.IsNullOrEmpty(connectionString), "PERSONALIZATION_POSTGRES is not set: run the tests with `bash eng/test.sh`, or start a server with `eval \"$(bash eng/postgres.sh start)\"` first.");
        using var folder = new TempFolder();
        string table = "uplift_rows_" + Guid.NewGuid().ToString("N")[..8];
        (UpliftData data, double[] effects, OfferAssignment expected, string sql) = FitAndExport(folder, "postgres", table);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var create = new NpgsqlCommand($"CREATE TABLE {table} (row_id text, " + string.Join(", ", s_hillstromFeatures.Select(c => c + " double precision")) + ")", connection))
        {
            create.ExecuteNonQuery();
        }

        try
        {
            using (NpgsqlBinaryImporter import = connection.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT binary)"))
            {
                for (int i = 0; i < data.Count; i++)
                {
                    import.StartRow();
                    import.Write(data.Features.RowIds![i]);
                    for (int j = 0; j < data.Features.ColumnCount; j++)
                    {
                        import.Write(data.Features[i, j], NpgsqlTypes.NpgsqlDbType.Double);
                    }
                }

                import.Complete();
            }

            AssertScores(connection, sql, data, effects, expected);
        }
        finally
        {
            using var drop = new NpgsqlCommand($"DROP TABLE {table}", connection);
            drop.ExecuteNonQuery();
        }
    }

    [Fact]
    public void ExportSql_GradientBoostingTLearner_ExitsTwoNamingTheStage()
    {
        using var folder = new TempFolder();
        UpliftData data = HillstromData(600);
        var boosting = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, TreeCount = 3, MinSamplesLeaf = 20 });
        string modelFile = folder.File("boosted.model.json");
        ModelPersistence.SaveToFile(new TLearner(new TLearnerOptions { Learner = boosting }).Fit(data), modelFile);

        (int exit, string output, string error) = Run("export-sql", "--model", modelFile, "--table", "t", "--features", string.Join(",", s_hillstromFeatures));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("outcome model of control arm 'No E-Mail'", error, StringComparison.Ordinal);
        Assert.Contains("GradientBoostingModel", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportSql_UpliftModelWithoutOrWithWrongFeatures_ExitsOne()
    {
        using var folder = new TempFolder();
        string modelFile = folder.File("tlearner.model.json");
        ModelPersistence.SaveToFile(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(HillstromData(600)), modelFile);

        (int exit, _, string error) = Run("export-sql", "--model", modelFile, "--table", "t");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--features is required", error, StringComparison.Ordinal);
        Assert.Contains("5 feature columns", error, StringComparison.Ordinal);

        (exit, _, error) = Run("export-sql", "--model", modelFile, "--table", "t", "--features", "recency,history");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("names 2 columns", error, StringComparison.Ordinal);

        (exit, _, error) = Run("export-sql", "--model", modelFile, "--table", "t", "--features", string.Join(",", s_hillstromFeatures), "--cost", "1,2,3");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("2 treatment arms", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportSql_CausalForest_ExitsTwoNamingTheModel()
    {
        using var folder = new TempFolder();
        UpliftData binary = HillstromData(600, ["No E-Mail", "Womens E-Mail"]);
        string modelFile = folder.File("forest.model.json");
        ModelPersistence.SaveToFile(new CausalForest(new CausalForestOptions { TreeCount = 4, Seed = 1 }).Fit(binary), modelFile);

        (int exit, string output, string error) = Run("export-sql", "--model", modelFile, "--table", "t", "--features", string.Join(",", s_hillstromFeatures));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("CausalForestModel cannot be compiled to SQL", error, StringComparison.Ordinal);
    }
}
