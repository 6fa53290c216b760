using System.Globalization;
using System.Text;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Sql;

/// <content>Uplift scoring: compiling a fitted uplift model (meta-learners over linear base models) to the staged CATE query.</content>
public static partial class ScoringSql
{
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
                case LassoRegressionModel r:
                    intercept = r.Intercept;
                    w = r.Coefficients;
                    break;
                case LogisticRegressionModel l:
                    intercept = l.Intercept;
                    w = l.Coefficients;
                    break;
                default:
                    throw new NotSupportedException($"{Capitalize(what)} is a {model.GetType().Name}, which cannot be compiled to SQL; only RidgeRegressionModel, LassoRegressionModel and LogisticRegressionModel stages can. Refit with RidgeRegression, LassoRegression or LogisticRegression to score in the engine.");
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
            LassoRegressionModel r => r.Coefficients[index],
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
