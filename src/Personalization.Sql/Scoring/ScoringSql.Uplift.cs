using System.Globalization;
using System.Text;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Sql;

/// <content>Uplift scoring: linear meta-learners to one CATE expression per arm, and the offer policy to a CASE.</content>
public static partial class ScoringSql
{
    /// <summary>The linear predictor is clamped before <c>EXP</c> beyond this magnitude (PostgreSQL raises an error when
    /// <c>exp</c> underflows to a subnormal or zero); the sigmoid there is 0 or 1 up to 1e-307.</summary>
    private const double SigmoidLimit = 708;

    /// <summary>Compiles a fitted uplift model and <see cref="OfferPolicy.Assign"/> into one SELECT with the columns id,
    /// <c>uplift_&lt;arm&gt;</c> (the predicted effect of each treatment arm against control, double) and <c>offer</c> (the name of the arm chosen, control included).</summary>
    /// <param name="model">A fitted T-, S-, X-, DR-, R-learner or class-transformation model whose every stage used in prediction is a
    /// <see cref="RidgeRegressionModel"/> or <see cref="LogisticRegressionModel"/> (X-learner propensities may also be constant).</param>
    /// <param name="featureColumns">The source columns holding the model's features, in the order the model was fitted on.</param>
    /// <param name="policy">The policy options: economics per arm, <see cref="OfferPolicyOptions.MinimumValue"/>, <see cref="OfferPolicyOptions.MaxArm"/> and <see cref="OfferPolicyOptions.MaxTreated"/>.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <param name="source">The features table or query.</param>
    /// <returns>The SELECT statement, without a trailing semicolon.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The source is invalid, the column count differs from the model's feature count, a column name is empty,
    /// or the policy does not give one <see cref="ArmEconomics"/> per treatment arm.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A policy option is out of range (as <see cref="OfferPolicy.Assign"/> checks it).</exception>
    /// <exception cref="NotSupportedException">The model (or one of its stages, named in the message) is not linear, the policy has a
    /// <see cref="OfferPolicyOptions.Budget"/>, or an arm has <see cref="ArmEconomics.CostPerOutcome"/> &gt; 0 for a model without a baseline outcome model (only T- and S-learners have one).</exception>
    /// <remarks>
    /// <para>value<sub>a</sub> = V<sub>a</sub>·τ<sub>a</sub> − C<sub>a</sub> − K<sub>a</sub>·(μ<sub>0</sub> + τ<sub>a</sub>) as in <see cref="OfferPolicy.Assign"/>.
    /// The offer is the arm a ≤ MaxArm of the largest value when that value exceeds MinimumValue, else control; among arms of exactly
    /// equal value the <b>lowest arm</b> wins, as in <see cref="OfferPolicy.Assign"/> (a later arm must be strictly better).
    /// With <see cref="OfferPolicyOptions.MaxTreated"/>, treated rows are ranked by value and rows of exactly equal value form a tie group kept
    /// or left in control as a whole: a row keeps its arm when at most MaxTreated treated rows have a value at least its own.</para>
    /// <para>Rows with a NULL, NaN or infinite feature get NULL effects and a NULL offer (where <see cref="IUpliftModel.PredictEffects"/> would throw); they are not counted against MaxTreated.</para>
    /// </remarks>
    public static string Uplift(IUpliftModel model, IReadOnlyList<string> featureColumns, OfferPolicyOptions policy, SqlDialect dialect, ScoringSqlSource source)
    {
        ArgumentNullException.ThrowIfNull(policy);
        UpliftParts parts = CompileUplift(model, featureColumns, dialect, source);
        int m = parts.ArmCount;
        CheckPolicy(policy, m);
        int maxArm = policy.MaxArm ?? m;
        bool needsBaseline = false;
        for (int a = 0; a < m; a++)
        {
            needsBaseline |= policy.Arms[a].CostPerOutcome > 0;
        }

        if (needsBaseline && parts.Baseline is null)
        {
            throw new NotSupportedException($"An arm has CostPerOutcome > 0, which needs each row's expected outcome without treatment, but a {model.GetType().Name} has no outcome model to compute it in SQL; use a T- or S-learner, or set CostPerOutcome to 0.");
        }

        var sql = parts.Sql;
        string id = parts.Id;
        // value and cost of each allowed arm
        var values = new string[maxArm];
        var costs = new string[maxArm];
        for (int a = 1; a <= maxArm; a++)
        {
            ArmEconomics e = policy.Arms[a - 1];
            string tau = T(a);
            string cost = Literal(dialect, e.CostPerTreated);
            if (e.CostPerOutcome > 0)
            {
                cost = $"({cost} + ({Literal(dialect, e.CostPerOutcome)} * ({Prefix}mu0 + {tau})))";
            }

            costs[a - 1] = cost;
            values[a - 1] = $"(({Literal(dialect, e.ValuePerOutcome)} * {tau}) - {cost})";
        }

        string effects = EffectList(m);
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}values AS (SELECT {id}, {effects}");
        for (int a = 1; a <= maxArm; a++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {values[a - 1]} AS {V(a)}, {costs[a - 1]} AS {Prefix}c{a}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM {Prefix}effects {dialect.EvaluateOnceFence}),\n");
        string best = maxArm switch
        {
            0 => "NULL",
            1 => V(1),
            _ => "GREATEST(" + string.Join(", ", Enumerable.Range(1, maxArm).Select(V)) + ")",
        };
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}best AS (SELECT {id}, {effects}");
        for (int a = 1; a <= maxArm; a++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {V(a)}");
        }

        sql.Append(CultureInfo.InvariantCulture, $", {(maxArm == 0 ? "CAST(NULL AS " + dialect.DoubleType + ")" : best)} AS {Prefix}max FROM {Prefix}values),\n");

        // the chosen arm: the first arm whose value equals the maximum, when the maximum exceeds MinimumValue
        var choice = new StringBuilder($"CASE WHEN {T(1)} IS NULL THEN NULL");
        if (maxArm > 0)
        {
            choice.Append(CultureInfo.InvariantCulture, $" WHEN {Prefix}max > {Literal(dialect, policy.MinimumValue)} THEN CASE");
            for (int a = 1; a <= maxArm; a++)
            {
                choice.Append(CultureInfo.InvariantCulture, $" WHEN {V(a)} = {Prefix}max THEN {a}");
            }

            choice.Append(" END");
        }

        choice.Append(" ELSE 0 END");
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}choice AS (SELECT {id}, {effects}, {choice} AS {Prefix}arm, {Prefix}max FROM {Prefix}best)");
        string arm = Prefix + "arm";
        string from = Prefix + "choice";
        if (policy.MaxTreated is int maxTreated)
        {
            // treated rows with a value at least this row's (peers included: RANGE frame of ORDER BY)
            sql.Append(CultureInfo.InvariantCulture, $",\n{Prefix}ranked AS (SELECT {id}, {effects}, {arm}, COUNT(*) OVER (PARTITION BY CASE WHEN {arm} > 0 THEN 1 ELSE 0 END ORDER BY {Prefix}max DESC) AS {Prefix}rank FROM {Prefix}choice)");
            arm = $"CASE WHEN {Prefix}arm > 0 AND {Prefix}rank > {maxTreated.ToString(CultureInfo.InvariantCulture)} THEN 0 ELSE {Prefix}arm END";
            from = Prefix + "ranked";
        }

        sql.Append('\n');
        AppendOutput(sql, dialect, parts, arm, from);
        return sql.ToString();
    }

    /// <summary>Compiles a fitted uplift model and <see cref="OfferPolicy.ApplyRules"/> into one SELECT with the columns id,
    /// <c>uplift_&lt;arm&gt;</c> per treatment arm and <c>offer</c> (the arm of the first matching rule, else control).</summary>
    /// <param name="model">A fitted uplift model whose stages are linear, as for <see cref="Uplift(IUpliftModel, IReadOnlyList{string}, OfferPolicyOptions, SqlDialect, ScoringSqlSource)"/>.</param>
    /// <param name="featureColumns">The source columns holding the model's features, in the order the model was fitted on.</param>
    /// <param name="rules">The rules, checked in order.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <param name="source">The features table or query.</param>
    /// <returns>The SELECT statement, without a trailing semicolon.</returns>
    /// <exception cref="ArgumentNullException">An argument or a rule is null.</exception>
    /// <exception cref="ArgumentException">The source is invalid, or the column count differs from the model's feature count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rule names an arm outside 1..m (or a compared arm outside 0..m), or a minimum lift is not finite.</exception>
    /// <exception cref="NotSupportedException">The model, or one of its stages (named in the message), is not linear.</exception>
    /// <remarks>Rule (a, b, x) matches when τ<sub>a</sub> − τ<sub>b</sub> &gt; x, with τ<sub>0</sub> = 0; rows with a NULL, NaN or infinite feature get NULL effects and offer.</remarks>
    public static string Uplift(IUpliftModel model, IReadOnlyList<string> featureColumns, IReadOnlyList<OfferRule> rules, SqlDialect dialect, ScoringSqlSource source)
    {
        ArgumentNullException.ThrowIfNull(rules);
        UpliftParts parts = CompileUplift(model, featureColumns, dialect, source);
        int m = parts.ArmCount;
        foreach (OfferRule rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            CheckRange(rule.Arm, 1, m, "rule.Arm");
            CheckRange(rule.ComparedArm, 0, m, "rule.ComparedArm");
            if (!double.IsFinite(rule.MinimumLift))
            {
                throw new ArgumentOutOfRangeException("rule.MinimumLift", rule.MinimumLift, $"rule.MinimumLift must be finite, but was {rule.MinimumLift}.");
            }
        }

        var choice = new StringBuilder($"CASE WHEN {T(1)} IS NULL THEN NULL");
        foreach (OfferRule rule in rules)
        {
            string compared = rule.ComparedArm == 0 ? Literal(dialect, 0) : T(rule.ComparedArm);
            choice.Append(CultureInfo.InvariantCulture, $" WHEN {T(rule.Arm)} - {compared} > {Literal(dialect, rule.MinimumLift)} THEN {rule.Arm}");
        }

        choice.Append(" ELSE 0 END");
        StringBuilder sql = parts.Sql;
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}choice AS (SELECT {parts.Id}, {EffectList(m)}, {choice} AS {Prefix}arm FROM {Prefix}effects)\n");
        AppendOutput(sql, dialect, parts, Prefix + "arm", Prefix + "choice");
        return sql.ToString();
    }

    private static void AppendOutput(StringBuilder sql, SqlDialect dialect, UpliftParts parts, string arm, string from)
    {
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {parts.Id}");
        for (int a = 1; a <= parts.ArmCount; a++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {T(a)} AS {dialect.QuoteIdentifier("uplift_" + parts.ArmNames[a])}");
        }

        sql.Append(CultureInfo.InvariantCulture, $", CASE {arm}");
        for (int a = 0; a <= parts.ArmCount; a++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {a} THEN {dialect.StringLiteral(parts.ArmNames[a])}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" END AS offer FROM {from}");
    }

    private static UpliftParts CompileUplift(IUpliftModel model, IReadOnlyList<string> featureColumns, SqlDialect dialect, ScoringSqlSource source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(featureColumns);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(source);
        source.Validate();
        int d = featureColumns.Count;
        if (d != model.FeatureCount)
        {
            throw new ArgumentException($"featureColumns has {d} columns but the uplift model was fitted on {model.FeatureCount} features; pass the feature columns in training order.", nameof(featureColumns));
        }

        for (int j = 0; j < d; j++)
        {
            if (string.IsNullOrWhiteSpace(featureColumns[j]))
            {
                throw new ArgumentException($"featureColumns[{j}] is empty; name the source column of feature {j}.", nameof(featureColumns));
            }
        }

        var linear = new LinearCompiler(dialect, d);
        IReadOnlyList<string> names;
        string?[] tau;
        string? baseline = null;
        switch (model)
        {
            case TLearnerModel t:
                names = t.ArmNames;
                tau = new string[t.ArmCount];
                baseline = linear.Predict(t.OutcomeModels[0], $"the outcome model of control arm '{names[0]}' of the T-learner");
                for (int a = 1; a <= t.ArmCount; a++)
                {
                    tau[a - 1] = $"({linear.Predict(t.OutcomeModels[a], $"the outcome model of arm '{names[a]}' of the T-learner")} - {Prefix}mu0)";
                }

                break;
            case SLearnerModel s:
                names = s.ArmNames;
                tau = new string[s.ArmCount];
                string what = "the outcome model of the S-learner";
                string eta0 = linear.Eta(s.OutcomeModel, what, extraColumns: s.ArmCount);
                baseline = linear.Prediction(s.OutcomeModel, eta0);
                for (int a = 1; a <= s.ArmCount; a++)
                {
                    // the indicator of arm a is the column after the features: its coefficient is added to the control predictor,
                    // so for ridge the effect is exactly that coefficient
                    double w = linear.Coefficient(s.OutcomeModel, d + a - 1);
                    tau[a - 1] = s.OutcomeModel is LogisticRegressionModel
                        ? $"({linear.Prediction(s.OutcomeModel, $"({eta0} + {Literal(dialect, w)})")} - {Prefix}mu0)"
                        : Literal(dialect, w);
                }

                break;
            case DRLearnerModel dr:
                names = dr.ArmNames;
                tau = EffectModels(linear, dr.EffectModels, names, "DR-learner");
                break;
            case RLearnerModel r:
                names = r.ArmNames;
                tau = EffectModels(linear, r.EffectModels, names, "R-learner");
                break;
            case ClassTransformationModel ct:
                names = ct.ArmNames;
                tau = new string[ct.ArmCount];
                for (int a = 1; a <= ct.ArmCount; a++)
                {
                    string p = linear.Predict(ct.ArmModels[a - 1], $"the model of arm '{names[a]}' of the class-transformation learner");
                    tau[a - 1] = ct.IsClassTransformation ? $"(({Literal(dialect, 2)} * {p}) - {Literal(dialect, 1)})" : p;
                }

                break;
            case XLearnerModel x:
                names = x.ArmNames;
                tau = new string[x.ArmCount];
                for (int a = 1; a <= x.ArmCount; a++)
                {
                    string t0 = linear.Predict(x.ControlEffectModels[a - 1], $"the control-effect model of arm '{names[a]}' of the X-learner");
                    string t1 = linear.Predict(x.TreatedEffectModels[a - 1], $"the treated-effect model of arm '{names[a]}' of the X-learner");
                    string e = x.PropensityModels[a - 1] is { } propensity
                        ? Clamp(dialect, linear.Predict(propensity, $"the propensity model of arm '{names[a]}' of the X-learner"), x.PropensityClip, 1 - x.PropensityClip)
                        : Literal(dialect, x.ConstantPropensities[a - 1]);
                    tau[a - 1] = $"(({e} * {t0}) + (({Literal(dialect, 1)} - {e}) * {t1}))";
                }

                break;
            default:
                throw new NotSupportedException($"A {model.GetType().Name} cannot be compiled to SQL; compile a T-, S-, X-, DR-, R-learner or class-transformation model with linear base models.");
        }

        string id = dialect.QuoteIdentifier(source.IdColumn);
        var sql = new StringBuilder("WITH ");
        var input = new string[d];
        for (int j = 0; j < d; j++)
        {
            input[j] = $"CAST({dialect.QuoteIdentifier(featureColumns[j])} AS {dialect.DoubleType})";
        }

        string relation = source.Table is { } table
            ? (source.Schema is { } schema ? dialect.QuoteIdentifier(schema) + "." : string.Empty) + dialect.QuoteIdentifier(table)
            : "(" + source.Query + ") AS " + Prefix + "source";
        string fence = dialect.EvaluateOnceFence;
        string previous = Stage(sql, "input", id, input, relation);
        previous = Stage(sql, "clean", id, Clean(dialect, d, imputer: null), previous + " " + fence);

        // every linear predictor once, then every base-model prediction once (the fence stops PostgreSQL from inlining them into each use)
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}eta AS (SELECT {id}, {string.Join(", ", linear.Etas.Select((e, k) => $"{e} AS {Prefix}e{k}"))} FROM {previous} {fence}),\n");
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}predicted AS (SELECT {id}, {string.Join(", ", linear.Predictions.Select((p, k) => $"{p} AS {Prefix}p{k}"))} FROM {Prefix}eta {fence}),\n");
        previous = Prefix + "predicted";
        if (baseline is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{Prefix}baseline AS (SELECT *, {baseline} AS {Prefix}mu0 FROM {previous}),\n");
            previous = Prefix + "baseline";
        }

        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}effects AS (SELECT {id}");
        for (int a = 1; a <= tau.Length; a++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {tau[a - 1]} AS {T(a)}");
        }

        if (baseline is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {Prefix}mu0");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM {previous} {fence}),\n");
        return new UpliftParts(sql, id, [.. names], tau.Length, baseline);
    }

    private static string?[] EffectModels(LinearCompiler linear, IReadOnlyList<IBaseModel> models, IReadOnlyList<string> names, string learner)
    {
        var tau = new string?[models.Count];
        for (int a = 1; a <= models.Count; a++)
        {
            tau[a - 1] = linear.Predict(models[a - 1], $"the effect model of arm '{names[a]}' of the {learner}");
        }

        return tau;
    }

    private static string Clamp(SqlDialect dialect, string value, double lower, double upper)
    {
        string lo = Literal(dialect, lower);
        string hi = Literal(dialect, upper);
        return $"(CASE WHEN {value} < {lo} THEN {lo} WHEN {value} > {hi} THEN {hi} ELSE {value} END)";
    }

    private static void CheckPolicy(OfferPolicyOptions policy, int m)
    {
        if (policy.Arms is null || policy.Arms.Count != m)
        {
            throw new ArgumentException($"policy.Arms has {policy.Arms?.Count ?? 0} entries but the model has {m} treatment arms; give one ArmEconomics per arm.", nameof(policy));
        }

        for (int a = 0; a < m; a++)
        {
            ArmEconomics e = policy.Arms[a] ?? throw new ArgumentException($"policy.Arms[{a}] is null.", nameof(policy));
            if (!double.IsFinite(e.ValuePerOutcome))
            {
                throw new ArgumentOutOfRangeException($"policy.Arms[{a}].ValuePerOutcome", e.ValuePerOutcome, $"policy.Arms[{a}].ValuePerOutcome must be finite, but was {e.ValuePerOutcome}.");
            }

            CheckNonNegative(e.CostPerTreated, $"policy.Arms[{a}].CostPerTreated");
            CheckNonNegative(e.CostPerOutcome, $"policy.Arms[{a}].CostPerOutcome");
        }

        if (policy.Budget is not null)
        {
            throw new NotSupportedException("OfferPolicyOptions.Budget cannot be compiled to SQL: the budget walk skips tie groups that do not fit and keeps cheaper ones, which is sequential. Score with MaxTreated only, or apply the budget to the scored rows with OfferPolicy.Assign.");
        }

        if (policy.MaxTreated is int maxTreated && maxTreated < 0)
        {
            throw new ArgumentOutOfRangeException("policy.MaxTreated", maxTreated, $"policy.MaxTreated must be at least 0, but was {maxTreated}.");
        }

        CheckRange(policy.MaxArm ?? m, 0, m, "policy.MaxArm");
        if (!double.IsFinite(policy.MinimumValue))
        {
            throw new ArgumentOutOfRangeException("policy.MinimumValue", policy.MinimumValue, $"policy.MinimumValue must be finite, but was {policy.MinimumValue}.");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and at least 0, but was {value}.");
        }
    }

    private static void CheckRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}, but was {value}.");
        }
    }

    private static string EffectList(int m) => string.Join(", ", Enumerable.Range(1, m).Select(T));

    private static string T(int arm) => Prefix + "t" + arm.ToString(CultureInfo.InvariantCulture);

    private static string V(int arm) => Prefix + "v" + arm.ToString(CultureInfo.InvariantCulture);

    private sealed record UpliftParts(StringBuilder Sql, string Id, string[] ArmNames, int ArmCount, string? Baseline);

    /// <summary>Collects the linear predictors (columns pz_e*) and base-model predictions (columns pz_p*) of a model over the
    /// cleaned feature columns pz_x0..pz_x(d-1); each is computed once per row in its own stage.</summary>
    private sealed class LinearCompiler(SqlDialect dialect, int featureCount)
    {
        public List<string> Etas { get; } = [];

        public List<string> Predictions { get; } = [];

        /// <summary>The column of the model's prediction.</summary>
        public string Predict(IBaseModel model, string what) => Prediction(model, Eta(model, what, extraColumns: 0));

        /// <summary>The column of the model's link applied to <paramref name="eta"/> (a linear-predictor column, or an expression on one).</summary>
        public string Prediction(IBaseModel model, string eta)
        {
            Predictions.Add(Link(model, eta));
            return Prefix + "p" + (Predictions.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The column of b + Σ w<sub>j</sub> x<sub>j</sub> over the features (the model may have <paramref name="extraColumns"/> more inputs, left out).</summary>
        public string Eta(IBaseModel model, string what, int extraColumns)
        {
            double intercept;
            ReadOnlySpan<double> w;
            switch (model)
            {
                case RidgeRegressionModel r:
                    intercept = r.Intercept;
                    w = r.Coefficients;
                    break;
                case LogisticRegressionModel l:
                    intercept = l.Intercept;
                    w = l.Coefficients;
                    break;
                default:
                    throw new NotSupportedException($"{Capitalize(what)} is a {model.GetType().Name}, which cannot be compiled to SQL; only RidgeRegressionModel and LogisticRegressionModel stages can. Refit with RidgeRegression or LogisticRegression to score in the engine.");
            }

            if (w.Length != featureCount + extraColumns)
            {
                throw new ArgumentException($"{Capitalize(what)} has {w.Length} coefficients but {featureCount + extraColumns} inputs were expected.", "model");
            }

            var sum = new StringBuilder(Literal(dialect, intercept));
            for (int j = 0; j < featureCount; j++)
            {
                sum.Append(CultureInfo.InvariantCulture, $" + ({Literal(dialect, w[j])} * {X(j)})");
            }

            Etas.Add("(" + sum + ")");
            return Prefix + "e" + (Etas.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        public double Coefficient(IBaseModel model, int index) => model switch
        {
            RidgeRegressionModel r => r.Coefficients[index],
            LogisticRegressionModel l => l.Coefficients[index],
            _ => throw new NotSupportedException($"A {model.GetType().Name} cannot be compiled to SQL."),
        };

        /// <summary>The identity for ridge, the sigmoid (as LogisticRegression.Sigmoid, clamped beyond ±708) for logistic.</summary>
        private string Link(IBaseModel model, string eta)
        {
            if (model is not LogisticRegressionModel)
            {
                return eta;
            }

            string one = Literal(dialect, 1);
            string zero = Literal(dialect, 0);
            string limit = Literal(dialect, SigmoidLimit);
            return $"(CASE WHEN {eta} >= {zero} THEN (CASE WHEN {eta} > {limit} THEN {one} ELSE {one} / ({one} + EXP(-{eta})) END)"
                + $" WHEN {eta} < -{limit} THEN {zero} ELSE EXP({eta}) / ({one} + EXP({eta})) END)";
        }

        private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
    }
}
