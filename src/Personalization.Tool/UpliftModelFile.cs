using System.Globalization;
using System.Text.Json;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Uplift;

namespace Personalization.Cli;

/// <summary>
/// uplift.model.json of <c>personalize uplift</c>: the fitted uplift model with what scoring a new file needs, namely the
/// numeric feature columns, the fitted one-hot encoders of the categorical ones, the learner and the arm names.
/// </summary>
/// <remarks>
/// Schema <c>personalize.uplift.model/v1</c>: the encoders and the model are embedded as saved Personalization models
/// (<see cref="ModelPersistence"/>), so each one is versioned and validated on load by its own type.
/// </remarks>
internal sealed class UpliftModelFile
{
    public const string FileName = "uplift.model.json";

    private const string Schema = "personalize.uplift.model/v1";

    public required string Learner { get; init; }

    public required string BaseLearner { get; init; }

    public required bool BinaryOutcome { get; init; }

    public required string TreatmentColumn { get; init; }

    public required string OutcomeColumn { get; init; }

    /// <summary>Arm names, control first.</summary>
    public required IReadOnlyList<string> ArmNames { get; init; }

    public required IReadOnlyList<string> Numeric { get; init; }

    public required IReadOnlyList<OneHotEncoderModel> Encoders { get; init; }

    /// <summary>The model's feature columns in order: the numeric ones, then each encoder's indicator columns.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    public required IUpliftModel Model { get; init; }

    public IEnumerable<string> Categorical => Encoders.Select(e => e.ColumnName);

    /// <summary>The feature matrix of raw cells: numeric values row-major, then one category list per encoder.</summary>
    public static FeatureMatrix<double> Build(IReadOnlyList<string> numeric, double[] numericValues, IReadOnlyList<OneHotEncoderModel> encoders, IReadOnlyList<List<string>> categoryValues, int rows)
    {
        var matrices = new List<FeatureMatrix<double>>();
        if (numeric.Count > 0)
        {
            matrices.Add(FeatureMatrix<double>.FromOwnedArray(numericValues, rows, numeric.Count, [.. numeric]));
        }

        for (int c = 0; c < encoders.Count; c++)
        {
            matrices.Add(encoders[c].Transform(categoryValues[c]));
        }

        return matrices.Count == 1 ? matrices[0] : FeatureMatrices.ConcatenateColumns(matrices);
    }

    public void Write(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("schema", Schema);
        writer.WriteString("learner", Learner);
        writer.WriteString("baseLearner", BaseLearner);
        writer.WriteBoolean("binaryOutcome", BinaryOutcome);
        writer.WriteString("treatmentColumn", TreatmentColumn);
        writer.WriteString("outcomeColumn", OutcomeColumn);
        WriteStrings(writer, "arms", ArmNames);
        WriteStrings(writer, "numericFeatures", Numeric);
        WriteStrings(writer, "featureNames", FeatureNames);
        writer.WriteStartArray("encoders");
        foreach (OneHotEncoderModel encoder in Encoders)
        {
            writer.WriteRawValue(ModelPersistence.ToJson(encoder));
        }

        writer.WriteEndArray();
        writer.WritePropertyName("model");
        writer.WriteRawValue(Model switch
        {
            SLearnerModel m => ModelPersistence.ToJson(m),
            TLearnerModel m => ModelPersistence.ToJson(m),
            XLearnerModel m => ModelPersistence.ToJson(m),
            DRLearnerModel m => ModelPersistence.ToJson(m),
            RLearnerModel m => ModelPersistence.ToJson(m),
            ClassTransformationModel m => ModelPersistence.ToJson(m),
            UpliftRandomForestModel m => ModelPersistence.ToJson(m),
            CausalForestModel m => ModelPersistence.ToJson(m),
            _ => throw new InvalidOperationException($"The {Model.GetType().Name} cannot be saved by the tool."),
        });
        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>Reads a file written by <see cref="Write"/>; anything else is a data error naming the file.</summary>
    public static UpliftModelFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: the model file does not exist.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
            JsonElement root = document.RootElement;
            string? schema = root.TryGetProperty("schema", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (schema != Schema)
            {
                throw new InvalidDataException($"not a model written by 'personalize uplift' (schema '{schema}', expected '{Schema}').");
            }

            string learner = Text(root, "learner");
            string modelJson = root.GetProperty("model").GetRawText();
            IUpliftModel model = learner switch
            {
                "s" => ModelPersistence.FromJson<SLearnerModel>(modelJson),
                "t" => ModelPersistence.FromJson<TLearnerModel>(modelJson),
                "x" => ModelPersistence.FromJson<XLearnerModel>(modelJson),
                "dr" => ModelPersistence.FromJson<DRLearnerModel>(modelJson),
                "r" => ModelPersistence.FromJson<RLearnerModel>(modelJson),
                "class" => ModelPersistence.FromJson<ClassTransformationModel>(modelJson),
                "uplift-forest" => ModelPersistence.FromJson<UpliftRandomForestModel>(modelJson),
                "causal-forest" => ModelPersistence.FromJson<CausalForestModel>(modelJson),
                _ => throw new InvalidDataException($"unknown learner '{learner}'."),
            };
            OneHotEncoderModel[] encoders = root.GetProperty("encoders").EnumerateArray().Select(e => ModelPersistence.FromJson<OneHotEncoderModel>(e.GetRawText())).ToArray();
            var file = new UpliftModelFile
            {
                Learner = learner,
                BaseLearner = Text(root, "baseLearner"),
                BinaryOutcome = root.GetProperty("binaryOutcome").GetBoolean(),
                TreatmentColumn = Text(root, "treatmentColumn"),
                OutcomeColumn = Text(root, "outcomeColumn"),
                ArmNames = Strings(root, "arms"),
                Numeric = Strings(root, "numericFeatures"),
                FeatureNames = Strings(root, "featureNames"),
                Encoders = encoders,
                Model = model,
            };
            string[] expected = [.. file.Numeric, .. encoders.SelectMany(e => e.OutputColumnNames)];
            if (!expected.SequenceEqual(file.FeatureNames, StringComparer.Ordinal) || model.FeatureCount != expected.Length || file.ArmNames.Count != model.ArmCount + 1)
            {
                throw new InvalidDataException($"\"featureNames\" ({file.FeatureNames.Count}), the numeric features and encoders ({expected.Length} columns), the model ({model.FeatureCount} features, {model.ArmCount} arm(s)) and \"arms\" ({file.ArmNames.Count}) do not agree.");
            }

            return file;
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new BadInputException($"{path}: {PersonalizeCli.OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// Reads the rows to score: the id column (when given) and the model's feature columns; any other column, the
    /// treatment and outcome included, is ignored. A feature column missing from the header is a data error naming it.
    /// </summary>
    public (string[] Ids, FeatureMatrix<double> Features, long RowsRead) ReadScored(string path, ParsedOptions options, string? idColumn, Terminal terminal)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"{path}: the --score file does not exist.");
        }

        if (idColumn is not null && (Numeric.Contains(idColumn, StringComparer.Ordinal) || Categorical.Contains(idColumn, StringComparer.Ordinal)))
        {
            throw new UsageException($"--id {idColumn} is a feature of the model; choose a column that identifies rows.");
        }

        CsvReadOptions readOptions = CsvInput.ReadOptions(options);
        var report = new CsvReadReport();
        string[] categorical = [.. Categorical];
        var schema = new CsvTableSchema { Text = [.. categorical, .. idColumn is null ? Array.Empty<string>() : [idColumn]], Numbers = [.. Numeric] };
        var ids = new List<string>();
        var numericValues = new List<double>();
        List<string>[] categoryValues = categorical.Select(_ => new List<string>()).ToArray();
        Terminal.Step step = terminal.Begin($"Reading {Path.GetFileName(path)}");
        try
        {
            CsvInput.Guard(() =>
            {
                foreach (CsvTableRow row in CsvTableReader.Read(path, schema, report, readOptions))
                {
                    step.Row();
                    ids.Add(idColumn is null ? row.Line.ToString(CultureInfo.InvariantCulture) : row.Text[^1]);
                    for (int c = 0; c < Numeric.Count; c++)
                    {
                        numericValues.Add(row.Numbers[c]);
                    }

                    for (int c = 0; c < categorical.Length; c++)
                    {
                        categoryValues[c].Add(row.Text[c]);
                    }
                }
            });
        }
        catch (BadInputException ex) when (ex.Message.Contains("the header has no column", StringComparison.Ordinal))
        {
            throw new BadInputException($"{ex.Message} (the model was fitted on the features {string.Join(", ", [.. Numeric, .. categorical])}; the file to score needs these columns)");
        }

        CsvInput.CheckRejections(options, report, terminal.Text);
        if (ids.Count == 0)
        {
            throw new BadInputException($"{path}: no rows to score.");
        }

        return ([.. ids], Build(Numeric, [.. numericValues], Encoders, categoryValues, ids.Count), report.RowsRead);
    }

    private static string Text(JsonElement root, string name) =>
        root.GetProperty(name).GetString() ?? throw new InvalidDataException($"\"{name}\" is null.");

    private static string[] Strings(JsonElement root, string name) =>
        root.GetProperty(name).EnumerateArray().Select(e => e.GetString() ?? throw new InvalidDataException($"\"{name}\" holds a null.")).ToArray();

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
