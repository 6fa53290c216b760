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
    /// <see cref="RidgeRegressionModel"/>, <see cref="LassoRegressionModel"/> or <see cref="LogisticRegressionModel"/> (X-learner propensities may also be constant).</param>
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
}
