using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using Personalization.Cli;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Segmentation;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Samples.Tests;

/// <summary><c>personalize export-sql</c>: the printed SELECT, run in DuckDB over the slice's features, gives the segments of <c>personalize segment</c>,
/// and for a saved uplift model the effects of <see cref="IUpliftModel.PredictEffects"/> and the offers of <see cref="OfferPolicy.Assign"/>.</summary>
public sealed class PersonalizeExportSqlTests
{
    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ExportSql_SegmentModelOnOnlineRetailSlice_DuckDBGivesSegmentsCsv()
    {
        using var folder = new TempFolder();
        string slice = Outputs.OnlineRetailSlice(folder.Path, 30_000);
        (int exit, _, string error) = Run("segment", "--input", slice, "--k", "5", "--output", folder.Path);
        Assert.True(exit == 0, error);
        (exit, string sql, error) = Run("export-sql", "--model", folder.File("segmentation.model.json"), "--dialect", "duckdb", "--table", "slice features");
        Assert.True(exit == 0, error);

        IReadOnlyList<string> columns = new SegmentationPipelineOptions().Columns;
        FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = columns })
            .Extract(OnlineRetailCsv.Read(slice, new CsvReadReport()));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (DbCommand create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE \"slice features\" (customer_id VARCHAR, " + string.Join(", ", columns.Select(c => "\"" + c + "\" DOUBLE")) + ")";
            create.ExecuteNonQuery();
        }

        using (DuckDBAppender appender = connection.CreateAppender("slice features"))
        {
            for (int i = 0; i < features.RowCount; i++)
            {
                IDuckDBAppenderRow row = appender.CreateRow().AppendValue(features.RowIds![i]);
                for (int j = 0; j < features.ColumnCount; j++)
                {
                    row = row.AppendValue((double?)features[i, j]);
                }

                row.EndRow();
            }
        }

        var fromSql = new Dictionary<string, int?>(StringComparer.Ordinal);
        using (DbCommand select = connection.CreateCommand())
        {
            select.CommandText = sql.Trim().TrimEnd(';');
            using DbDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                fromSql.Add(reader.GetString(0), reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
            }
        }

        string[][] csv = Outputs.ReadCsv(folder.File("segments.csv"));
        Assert.True(csv.Length > 500, $"only {csv.Length - 1} segmented customers");
        Assert.Equal(features.RowCount, fromSql.Count);
        for (int r = 1; r < csv.Length; r++)
        {
            int expected = int.Parse(csv[r][1], CultureInfo.InvariantCulture);
            Assert.True(fromSql[csv[r][0]] == expected, $"customer {csv[r][0]}: segments.csv has {expected}, SQL gives {fromSql[csv[r][0]]}");
        }
    }

    [Fact]
    public void ExportSql_UnknownDialect_ExitsOne()
    {
        (int exit, _, string error) = Run("export-sql", "--model", "m.json", "--dialect", "oracle", "--table", "t");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--dialect", error, StringComparison.Ordinal);
    }

    private static readonly string[] s_hillstromFeatures = ["recency", "history", "mens", "womens", "newbie"];

    private static readonly string[] s_hillstromArms = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];

    /// <summary>The first rows of Hillstrom as uplift data: the numeric features, the three arms of segment, visit as outcome; row ids are "r{line}".</summary>
    private static UpliftData HillstromData(int rows)
    {
        string[] lines = [.. File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(rows + 1)];
        string[] header = lines[0].Split(',');
        int[] columns = [.. s_hillstromFeatures.Select(f => Array.IndexOf(header, f))];
        int segment = Array.IndexOf(header, "segment");
        int visit = Array.IndexOf(header, "visit");
        var values = new double[rows * columns.Length];
        var treatment = new int[rows];
        var outcome = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            string[] fields = SplitCsv(lines[r + 1]);
            for (int j = 0; j < columns.Length; j++)
            {
                values[(r * columns.Length) + j] = double.Parse(fields[columns[j]], CultureInfo.InvariantCulture);
            }

            treatment[r] = Array.IndexOf(s_hillstromArms, fields[segment]);
            Assert.True(treatment[r] >= 0, $"unknown segment '{fields[segment]}'");
            outcome[r] = double.Parse(fields[visit], CultureInfo.InvariantCulture);
        }

        var features = FeatureMatrix<double>.FromOwnedArray(values, rows, columns.Length, s_hillstromFeatures, [.. Enumerable.Range(1, rows).Select(r => "r" + r.ToString(CultureInfo.InvariantCulture))]);
        return new UpliftData(features, treatment, outcome, s_hillstromArms);
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

    [Fact]
    public void ExportSql_LinearTLearnerOnHillstrom_DuckDBGivesPredictEffectsAndOfferPolicy()
    {
        using var folder = new TempFolder();
        UpliftData data = HillstromData(4000);
        TLearnerModel model = new TLearner(new TLearnerOptions { Learner = new LogisticRegression() }).FitModel(data);
        string modelFile = folder.File("tlearner.model.json");
        ModelPersistence.SaveToFile(model, modelFile);

        // --cost differs per arm so that both arms and control are offered; --max-treated cuts the ranking
        (int exit, string sql, string error) = Run("export-sql", "--model", modelFile, "--dialect", "duckdb", "--table", "hillstrom rows", "--id-column", "row_id",
            "--features", string.Join(",", s_hillstromFeatures), "--value", "1", "--cost", "0.04,0.06", "--max-treated", "1500");
        Assert.True(exit == 0, error);
        Assert.Contains("\"uplift_Mens E-Mail\"", sql, StringComparison.Ordinal);

        int n = data.Count;
        int m = model.ArmCount;
        var effects = new double[n * m];
        model.PredictEffects(data.Features, effects);
        OfferAssignment expected = OfferPolicy.Assign(effects, m, new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.04 }, new ArmEconomics { ValuePerOutcome = 1, CostPerTreated = 0.06 }],
            MaxTreated = 1500,
        });
        Assert.True(expected.CountByArm(m).All(c => c > 0), "the test needs every arm offered: " + string.Join(",", expected.CountByArm(m)));

        using DuckDBConnection connection = FeaturesTable(data.Features, "hillstrom rows");
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

        Assert.Equal(n, rows.Count);
        for (int r = 0; r < n; r++)
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
    public void ExportSql_GradientBoostingTLearner_ExitsTwoNamingTheStage()
    {
        using var folder = new TempFolder();
        UpliftData data = HillstromData(600);
        var boosting = new GradientBoosting(new GradientBoostingOptions { Objective = GradientBoostingObjective.Logistic, TreeCount = 3, MinSamplesLeaf = 20 });
        string modelFile = folder.File("boosted.model.json");
        ModelPersistence.SaveToFile(new TLearner(new TLearnerOptions { Learner = boosting }).FitModel(data), modelFile);

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
        ModelPersistence.SaveToFile(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).FitModel(HillstromData(600)), modelFile);

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
}
