using System.Globalization;
using Personalization.Persistence;
using Personalization.Segmentation;
using Personalization.Sql;
using Personalization.Uplift;

namespace Personalization.Cli;

/// <summary><c>personalize export-sql</c>: prints the scoring SELECT (<see cref="ScoringSql"/>) of a saved segmentation or uplift model.</summary>
internal sealed class ExportSqlCommand : ICommand
{
    /// <summary>The options that apply to uplift models only.</summary>
    private static readonly string[] s_upliftOptions = ["features", "value", "cost", "minimum-value", "max-arm", "max-treated"];

    public string Name => "export-sql";

    public string Summary => "Print the SQL SELECT that scores a features table with a saved segmentation or uplift model, inside DuckDB or PostgreSQL.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("model", "The saved model: the segmentation.model.json written by 'personalize segment', or an uplift model (T-, S-, X-, DR-, R-learner, class transformation) saved with ModelPersistence.", Required: true),
        new("dialect", "SQL dialect: duckdb or postgres.", Default: "duckdb", Choices: ["duckdb", "postgres"]),
        new("table", "The features table (one row per customer, one column per model feature, raw values as 'personalize features' computes them, or as the uplift model was fitted on).", Required: true),
        new("schema", "The schema of --table; default: the search path."),
        new("id-column", "The id column of --table, copied to the output.", Default: "customer_id"),
        new("features", "Uplift models: comma-separated columns of --table holding the model's features, in the order it was fitted on (saved models keep only the feature count). Required for uplift models."),
        new("value", "Uplift models: value of one unit of outcome, one number for every arm or one per treatment arm (comma-separated). Default: 1."),
        new("cost", "Uplift models: cost of treating one customer, one number for every arm or one per treatment arm (comma-separated); an arm is offered when value x predicted uplift - cost > --minimum-value. Default: 0."),
        new("minimum-value", "Uplift models: the expected incremental value an offer must exceed; otherwise the customer stays in control. Default: 0."),
        new("max-arm", "Uplift models: the highest treatment arm that may be offered (0..arm count; 0 offers nothing). Default: every arm."),
        new("max-treated", "Uplift models: the most customers offered a treatment, best value first (tied customers kept or left out together). Default: no limit."),
    ];

    public CommandHelp Help => new(
        "Usage: personalize export-sql --model <model file> --dialect duckdb|postgres --table <features table> [--schema <name>] [--id-column customer_id]\n" +
        "                              [--features a,b,c] [--value 1] [--cost 0] [--minimum-value 0] [--max-arm <arm>] [--max-treated <n>]   (uplift models)",
        "For a segmentation model, prints one SELECT with the columns <id>, segment and distance (Euclidean distance to the centroid, in the scaled space);\n" +
        "the segments equal those of 'personalize segment' for the customers it segmented.\n" +
        "For an uplift model with linear base models (ridge or logistic regression), prints one SELECT with the columns <id>, uplift_<arm> per treatment arm\n" +
        "(the predicted effect against control) and offer (the arm OfferPolicy.Assign chooses, control included). Gradient boosting and forests cannot be compiled (exit 2).\n" +
        "Rows with a missing or infinite feature get NULL.",
        "personalize export-sql --model out/segmentation.model.json --dialect postgres --table customer_features > score.sql\n" +
        "personalize export-sql --model tlearner.model.json --table hillstrom --id-column row_id --features recency,history,mens,womens,newbie --cost 0.05");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        SqlDialect dialect = options.Get("dialect") switch
        {
            "duckdb" => DuckDBDialect.Instance,
            "postgres" or "postgresql" => PostgreSqlDialect.Instance,
            string other => throw new UsageException($"--dialect must be duckdb or postgres, but was '{other}'."),
            null => DuckDBDialect.Instance,
        };
        string path = options.Required("model");
        var source = ScoringSqlSource.FromTable(options.Required("table"), options.Get("schema"), options.Get("id-column")!);
        string modelType;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            modelType = ModelPersistence.ReadModelType(stream);
        }

        if (modelType == SegmentationModel.PersistedModelType)
        {
            string? given = s_upliftOptions.FirstOrDefault(options.Has);
            if (given is not null)
            {
                throw new UsageException($"--{given} applies to uplift models only, but {path} is a segmentation model.");
            }

            SegmentationModel model = ModelPersistence.LoadFromFile<SegmentationModel>(path);
            terminal.Text.WriteLine(ScoringSql.Segmentation(model.Preprocessing, model.KMeans, dialect, source) + ";");
            return ExitCodes.Success;
        }

        IUpliftModel uplift = LoadUplift(path, modelType);
        IReadOnlyList<string> features = Features(options, uplift, path);
        OfferPolicyOptions policy = Policy(options, uplift.ArmCount);
        string sql;
        try
        {
            sql = ScoringSql.Uplift(uplift, features, policy, dialect, source);
        }
        catch (NotSupportedException ex)
        {
            throw new BadInputException($"{path}: {ex.Message}");
        }

        terminal.Text.WriteLine(sql + ";");
        return ExitCodes.Success;
    }

    private static IUpliftModel LoadUplift(string path, string modelType) => modelType switch
    {
        _ when modelType == TLearnerModel.PersistedModelType => ModelPersistence.LoadFromFile<TLearnerModel>(path),
        _ when modelType == SLearnerModel.PersistedModelType => ModelPersistence.LoadFromFile<SLearnerModel>(path),
        _ when modelType == XLearnerModel.PersistedModelType => ModelPersistence.LoadFromFile<XLearnerModel>(path),
        _ when modelType == DRLearnerModel.PersistedModelType => ModelPersistence.LoadFromFile<DRLearnerModel>(path),
        _ when modelType == RLearnerModel.PersistedModelType => ModelPersistence.LoadFromFile<RLearnerModel>(path),
        _ when modelType == ClassTransformationModel.PersistedModelType => ModelPersistence.LoadFromFile<ClassTransformationModel>(path),
        _ when modelType == CausalForestModel.PersistedModelType => ModelPersistence.LoadFromFile<CausalForestModel>(path),
        _ when modelType == UpliftRandomForestModel.PersistedModelType => ModelPersistence.LoadFromFile<UpliftRandomForestModel>(path),
        _ => throw new BadInputException($"{path} holds a {modelType}, which export-sql cannot compile; give a segmentation model or an uplift model (T-, S-, X-, DR-, R-learner or class transformation)."),
    };

    private static string[] Features(ParsedOptions options, IUpliftModel model, string path)
    {
        string text = options.Get("features")
            ?? throw new UsageException($"--features is required for an uplift model: name the {model.FeatureCount} feature columns of --table in the order the model was fitted on (saved uplift models keep only the feature count).");
        string[] features = text.Split(',', StringSplitOptions.TrimEntries);
        if (Array.FindIndex(features, string.IsNullOrEmpty) is int empty and >= 0)
        {
            throw new UsageException($"--features has an empty name at position {empty + 1}: '{text}'.");
        }

        return features.Length == model.FeatureCount
            ? features
            : throw new UsageException($"--features names {features.Length} columns but the uplift model in {path} was fitted on {model.FeatureCount} features; name them all, in training order.");
    }

    private static OfferPolicyOptions Policy(ParsedOptions options, int armCount)
    {
        double[] value = PerArm(options, "value", armCount, 1, v => true, "a number");
        double[] cost = PerArm(options, "cost", armCount, 0, v => v >= 0, "a number of at least 0");
        var arms = new ArmEconomics[armCount];
        for (int a = 0; a < armCount; a++)
        {
            arms[a] = new ArmEconomics { ValuePerOutcome = value[a], CostPerTreated = cost[a] };
        }

        return new OfferPolicyOptions
        {
            Arms = arms,
            MinimumValue = options.Has("minimum-value") ? options.GetDouble("minimum-value", v => true, "a number") : 0,
            MaxArm = options.GetInt("max-arm", 0, armCount),
            MaxTreated = options.GetInt("max-treated", 0, int.MaxValue),
        };
    }

    /// <summary>One number for every arm, or a comma-separated list of one per arm; <paramref name="fallback"/> when the option is absent.</summary>
    private static double[] PerArm(ParsedOptions options, string name, int armCount, double fallback, Func<double, bool> valid, string requirement)
    {
        string? text = options.Get(name);
        if (text is null)
        {
            return [.. Enumerable.Repeat(fallback, armCount)];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 1 && parts.Length != armCount)
        {
            throw new UsageException($"--{name} gives {parts.Length} numbers but the model has {armCount} treatment arms; give one number for every arm or one per arm.");
        }

        var values = new double[armCount];
        for (int a = 0; a < armCount; a++)
        {
            string part = parts[parts.Length == 1 ? 0 : a];
            values[a] = double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && valid(v)
                ? v
                : throw new UsageException($"--{name} must be {requirement} (or one per treatment arm, comma-separated), not '{part}'.");
        }

        return values;
    }
}
