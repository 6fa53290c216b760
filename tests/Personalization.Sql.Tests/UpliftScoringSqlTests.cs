using System.Collections.Concurrent;
using System.Data.Common;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Sql.Tests;

public sealed class UpliftScoringSqlTests(HillstromTables tables) : IClassFixture<HillstromTables>
{
    private static readonly ConcurrentDictionary<string, IUpliftModel> s_models = new(StringComparer.Ordinal);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string engine in new[] { "duckdb", "postgres" })
        {
            foreach (string model in new[] { "t-ridge", "t-logistic", "s-logistic", "s-ridge", "x-estimated", "dr-ridge", "r-ridge", "r-lasso", "class-transformation" })
            {
                data.Add(engine, model);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Uplift_HillstromLinearModel_EqualsPredictEffectsAndAssignForEveryRow(string engine, string name)
    {
        IUpliftModel model = Model(name);
        bool hasBaseline = model is TLearnerModel or SLearnerModel;
        var policy = new OfferPolicyOptions
        {
            Arms =
            [
                new ArmEconomics { ValuePerOutcome = 10, CostPerTreated = 0.02 },
                new ArmEconomics { ValuePerOutcome = 12, CostPerTreated = 0.05, CostPerOutcome = hasBaseline ? 0.3 : 0 },
            ],
            // S-learner ridge effects are one constant per arm (the arm indicator's coefficient), which PredictEffects gives up to
            // rounding noise: rows equal in exact arithmetic would fall on either side of a MaxTreated cut, so none is set there.
            MaxTreated = name == "s-ridge" ? null : 20000,
        };
        (DbConnection connection, string? schema, SqlDialect dialect) = tables.Open(engine);
        string sql = ScoringSql.Uplift(model, Hillstrom.FeatureNames, policy, dialect, ScoringSqlSource.FromTable(HillstromTables.Table, schema));
        Dictionary<string, (double?[] Uplift, string? Offer)> actual = Run(connection, sql, model.ArmCount);

        FeatureMatrix<double> x = Hillstrom.Features([.. Enumerable.Range(0, Hillstrom.All.Count)]);
        double[] effects = Effects(model, x);
        double[] baseline = hasBaseline ? Baseline(model, x) : [];
        OfferAssignment expected = OfferPolicy.Assign(effects, model.ArmCount, policy, baseline);
        AssertSame(x, effects, expected, actual, model.ArmCount);
        int[] counts = expected.CountByArm(model.ArmCount);
        Assert.True(counts[1] + counts[2] > 0, $"{name}: no row treated, so the offer comparison proves little.");
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Uplift_RulesAndMaxArm_EqualApplyRulesAndAssign(string engine)
    {
        IUpliftModel model = Model("t-logistic");
        (DbConnection connection, string? schema, SqlDialect dialect) = tables.Open(engine);
        ScoringSqlSource source = ScoringSqlSource.FromTable(HillstromTables.Table, schema);
        FeatureMatrix<double> x = Hillstrom.Features([.. Enumerable.Range(0, Hillstrom.All.Count)]);
        double[] effects = Effects(model, x);

        OfferRule[] rules = [new OfferRule(2, 1, 0.01), new OfferRule(1, 0, 0.02)];
        AssertSame(x, effects, OfferPolicy.ApplyRules(effects, 2, rules), Run(connection, ScoringSql.Uplift(model, Hillstrom.FeatureNames, rules, dialect, source), 2), 2);

        var capped = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()], MaxArm = 1, MinimumValue = 0.01 };
        AssertSame(x, effects, OfferPolicy.Assign(effects, 2, capped), Run(connection, ScoringSql.Uplift(model, Hillstrom.FeatureNames, capped, dialect, source), 2), 2);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void Uplift_ExactTiesAndBadRows_LowestArmWinsAndNullOffer(string engine)
    {
        // Two identical arm models: every row ties between arm 1 and arm 2, so the lower arm (1) is offered, as Assign does.
        UpliftData data = Hillstrom.Uplift(Hillstrom.Sample(4000, 7));
        TLearnerModel t = new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(data);
        TLearnerModel tied = WithSameTreatmentModels(t);
        (DbConnection connection, _, SqlDialect dialect) = tables.Open(engine);
        string rows = "SELECT * FROM (VALUES ('ok', 1), ('null', NULL), ('nan', 2), ('inf', 3)) AS v(customer_id, k)";
        string features = string.Join(", ", Hillstrom.FeatureNames.Select((f, j) => j == 0
            ? $"CASE k WHEN 1 THEN CAST(1 AS {dialect.DoubleType}) WHEN 2 THEN CAST('NaN' AS {dialect.DoubleType}) WHEN 3 THEN CAST('Infinity' AS {dialect.DoubleType}) END AS {f}"
            : $"CAST(0 AS {dialect.DoubleType}) AS {f}"));
        var policy = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()], MinimumValue = -1e9 };
        string sql = ScoringSql.Uplift(tied, Hillstrom.FeatureNames, policy, dialect, ScoringSqlSource.FromQuery($"SELECT customer_id, {features} FROM ({rows}) AS r"));
        Dictionary<string, (double?[] Uplift, string? Offer)> result = Run(connection, sql, 2);

        var ok = FeatureMatrix<double>.FromRows([[1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], Hillstrom.FeatureNames);
        double[] effects = Effects(tied, ok);
        Assert.Equal(effects[0], effects[1]);
        Assert.Equal(1, OfferPolicy.Assign(effects, 2, policy).Arms[0]);
        Assert.Equal("Mens E-Mail", result["ok"].Offer);
        foreach (string bad in new[] { "null", "nan", "inf" })
        {
            Assert.Null(result[bad].Offer);
            Assert.All(result[bad].Uplift, u => Assert.Null(u));
        }
    }

    [Fact]
    public void Uplift_TreeModelsBudgetOrMissingBaseline_ThrowNotSupportedNamingThePart()
    {
        UpliftData data = Hillstrom.Uplift(Hillstrom.Sample(3000, 3));
        ScoringSqlSource source = ScoringSqlSource.FromTable("t");
        var policy = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()] };
        TLearnerModel boosted = new TLearner(new TLearnerOptions { Learner = new GradientBoosting(new GradientBoostingOptions { TreeCount = 3 }) }).Fit(data);
        NotSupportedException e = Assert.Throws<NotSupportedException>(() => ScoringSql.Uplift(boosted, Hillstrom.FeatureNames, policy, DuckDBDialect.Instance, source));
        Assert.Contains("GradientBoostingModel", e.Message, StringComparison.Ordinal);
        Assert.Contains("No E-Mail", e.Message, StringComparison.Ordinal);

        DRLearnerModel forest = new DRLearner(new DRLearnerOptions
        {
            OutcomeLearner = new RidgeRegression(),
            EffectLearner = new RandomForest(new RandomForestOptions { TreeCount = 2, MaxDepth = 3, Seed = 1 }),
            CrossFitting = false,
        }).Fit(data);
        e = Assert.Throws<NotSupportedException>(() => ScoringSql.Uplift(forest, Hillstrom.FeatureNames, policy, PostgreSqlDialect.Instance, source));
        Assert.Contains("RandomForestModel", e.Message, StringComparison.Ordinal);
        Assert.Contains("effect model of arm 'Mens E-Mail'", e.Message, StringComparison.Ordinal);

        IUpliftModel linear = Model("dr-ridge");
        e = Assert.Throws<NotSupportedException>(() => ScoringSql.Uplift(linear, Hillstrom.FeatureNames, policy with { Budget = 100 }, DuckDBDialect.Instance, source));
        Assert.Contains("Budget", e.Message, StringComparison.Ordinal);
        var perOutcome = policy with { Arms = [new ArmEconomics { CostPerOutcome = 1 }, new ArmEconomics()] };
        e = Assert.Throws<NotSupportedException>(() => ScoringSql.Uplift(linear, Hillstrom.FeatureNames, perOutcome, DuckDBDialect.Instance, source));
        Assert.Contains("CostPerOutcome", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Uplift_BadArguments_ThrowArgumentExceptions()
    {
        IUpliftModel model = Model("dr-ridge");
        ScoringSqlSource source = ScoringSqlSource.FromTable("t");
        var policy = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()] };
        Assert.Throws<ArgumentException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames[..5], policy, DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, policy with { Arms = [new ArmEconomics()] }, DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, policy with { MaxArm = 3 }, DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, policy with { MaxTreated = -1 }, DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, [new OfferRule(3, 0, 0)], DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentNullException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, (OfferPolicyOptions)null!, DuckDBDialect.Instance, source));
        Assert.Throws<ArgumentException>(() => ScoringSql.Uplift(model, Hillstrom.FeatureNames, policy, DuckDBDialect.Instance, ScoringSqlSource.FromQuery("SELECT 1;")));
    }

    private static IUpliftModel Model(string name) => s_models.GetOrAdd(name, static key =>
    {
        UpliftData data = Hillstrom.Uplift(Hillstrom.Sample(16000, 42));
        var logistic = new LogisticRegression(new LogisticRegressionOptions { Alpha = 1 });
        var ridge = new RidgeRegression(new RidgeRegressionOptions { Alpha = 1 });
        return key switch
        {
            "t-ridge" => new TLearner(new TLearnerOptions { Learner = ridge }).Fit(data),
            "t-logistic" => new TLearner(new TLearnerOptions { Learner = logistic }).Fit(data),
            "s-logistic" => new SLearner(new SLearnerOptions { Learner = logistic }).Fit(data),
            "s-ridge" => new SLearner(new SLearnerOptions { Learner = ridge }).Fit(data),
            "x-estimated" => new XLearner(new XLearnerOptions { OutcomeLearner = logistic, EffectLearner = ridge, Propensity = PropensityMode.Estimated, PropensityLearner = logistic }).Fit(data),
            "dr-ridge" => new DRLearner(new DRLearnerOptions { OutcomeLearner = logistic, EffectLearner = ridge, Seed = 5 }).Fit(data),
            "r-ridge" => new RLearner(new RLearnerOptions { OutcomeLearner = ridge, EffectLearner = ridge, PropensityLearner = logistic, Seed = 5 }).Fit(data),
            "r-lasso" => new RLearner(new RLearnerOptions { OutcomeLearner = ridge, EffectLearner = new LassoRegression(), PropensityLearner = logistic, Seed = 5 }).Fit(data),
            "class-transformation" => new ClassTransformation(new ClassTransformationOptions { Learner = logistic }).Fit(data),
            _ => throw new ArgumentOutOfRangeException(nameof(name), key, "unknown model"),
        };
    });

    /// <summary>The T-learner with arm 2's outcome model replaced by arm 1's, through the saved payload.</summary>
    private static TLearnerModel WithSameTreatmentModels(TLearnerModel model)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            model.WritePayload(writer);
        }

        var payload = System.Text.Json.Nodes.JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        System.Text.Json.Nodes.JsonArray outcomes = payload["outcomeModels"]!.AsArray();
        outcomes[2] = outcomes[1]!.DeepClone();
        using var document = System.Text.Json.JsonDocument.Parse(payload.ToJsonString());
        return TLearnerModel.ReadPayload(document.RootElement, TLearnerModel.CurrentFormatVersion);
    }

    private static double[] Effects(IUpliftModel model, FeatureMatrix<double> x)
    {
        var effects = new double[x.RowCount * model.ArmCount];
        model.PredictEffects(x, effects);
        return effects;
    }

    /// <summary>μ<sub>0</sub>: the control outcome model (T-learner), or the S-learner's model with every arm indicator 0.</summary>
    private static double[] Baseline(IUpliftModel model, FeatureMatrix<double> x)
    {
        var mu0 = new double[x.RowCount];
        if (model is TLearnerModel t)
        {
            t.OutcomeModels[0].Predict(x, mu0);
            return mu0;
        }

        var s = (SLearnerModel)model;
        int d = x.ColumnCount, w = d + s.ArmCount;
        var values = new double[x.RowCount * w];
        for (int r = 0; r < x.RowCount; r++)
        {
            x.AsSpan().Slice(r * d, d).CopyTo(values.AsSpan(r * w, d));
        }

        s.OutcomeModel.Predict(FeatureMatrix<double>.FromOwnedArray(values, x.RowCount, w), mu0);
        return mu0;
    }

    private static Dictionary<string, (double?[] Uplift, string? Offer)> Run(DbConnection connection, string sql, int arms)
    {
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        Assert.Equal(arms + 2, reader.FieldCount);
        Assert.Equal("offer", reader.GetName(arms + 1));
        for (int a = 1; a <= arms; a++)
        {
            Assert.Equal("uplift_" + Hillstrom.ArmNames[a], reader.GetName(a));
        }

        var result = new Dictionary<string, (double?[] Uplift, string? Offer)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var uplift = new double?[arms];
            for (int a = 0; a < arms; a++)
            {
                uplift[a] = reader.IsDBNull(a + 1) ? null : reader.GetDouble(a + 1);
            }

            result.Add(reader.GetString(0), (uplift, reader.IsDBNull(arms + 1) ? null : reader.GetString(arms + 1)));
        }

        return result;
    }

    private static void AssertSame(FeatureMatrix<double> x, double[] effects, OfferAssignment expected, Dictionary<string, (double?[] Uplift, string? Offer)> actual, int arms)
    {
        Assert.Equal(x.RowCount, actual.Count);
        for (int r = 0; r < x.RowCount; r++)
        {
            string id = x.RowIds![r];
            (double?[] uplift, string? offer) = actual[id];
            for (int a = 0; a < arms; a++)
            {
                double e = effects[(r * arms) + a];
                double got = uplift[a] ?? double.NaN;
                Assert.True(Math.Abs(e - got) <= (1e-9 * Math.Abs(e)) + 1e-12, $"{id}, arm {a + 1}: expected {e:R}, got {got:R}");
            }

            Assert.True(Hillstrom.ArmNames[expected.Arms[r]] == offer, $"{id}: expected offer '{Hillstrom.ArmNames[expected.Arms[r]]}', got '{offer}' (effects {effects[r * arms]:R}, {effects[(r * arms) + 1]:R})");
        }
    }
}
