using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>
/// A fitted preprocessing pipeline: optional feature extraction, then imputation, winsorizing, log1p and
/// scaling, each step as fitted on the training data.
/// </summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>, reloading bit-identically.</remarks>
public sealed class PreprocessingModel : IDataTransformer, IPersistableModel<PreprocessingModel>
{
    private readonly string[] _columnNames;

    internal PreprocessingModel(string[] columnNames, CustomerFeatureOptions? features, ImputerModel? imputer, WinsorizerModel? winsorizer, Log1pModel? log1p, ScalerModel? scaler)
    {
        _columnNames = columnNames;
        FeatureOptions = features;
        Imputer = imputer;
        Winsorizer = winsorizer;
        Log1p = log1p;
        Scaler = scaler;
        Options = new PreprocessingPipelineOptions
        {
            Imputer = imputer?.Options,
            Winsorizer = winsorizer?.Options,
            Log1p = log1p?.Options,
            Scaler = scaler?.Kind,
        };
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "PreprocessingModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>
    /// Gets the options the pipeline was fitted with, rebuilt from its steps: a skipped step is <see langword="null"/>, the others
    /// hold their model's options (see <see cref="ImputerModel.Options"/>, <see cref="WinsorizerModel.Options"/> and
    /// <see cref="Log1pModel.Options"/> for what a model loaded from an older file recovers) and the scaler's kind.
    /// </summary>
    public PreprocessingPipelineOptions Options { get; }

    /// <summary>Gets the input column names (the features the steps were fitted on).</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the feature extraction options, or <see langword="null"/> when the pipeline was fitted on a matrix.</summary>
    public CustomerFeatureOptions? FeatureOptions { get; }

    /// <summary>Gets the fitted imputer, or <see langword="null"/> when skipped.</summary>
    public ImputerModel? Imputer { get; }

    /// <summary>Gets the fitted winsorizer, or <see langword="null"/> when skipped.</summary>
    public WinsorizerModel? Winsorizer { get; }

    /// <summary>Gets the fitted log transform, or <see langword="null"/> when skipped.</summary>
    public Log1pModel? Log1p { get; }

    /// <summary>Gets the fitted scaler, or <see langword="null"/> when skipped.</summary>
    public ScalerModel? Scaler { get; }

    /// <summary>Applies the fitted steps in order.</summary>
    /// <param name="data">Features with the training columns.</param>
    /// <returns>A new matrix; row ids are kept.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the training columns, or a value is invalid for a step.</exception>
    public FeatureMatrix<double> Transform(FeatureMatrix<double> data)
    {
        ColumnStatistics.CheckColumns(data, _columnNames);
        FeatureMatrix<double> current = data;
        if (Imputer is not null)
        {
            current = Imputer.Transform(current);
        }

        if (Winsorizer is not null)
        {
            current = Winsorizer.Transform(current);
        }

        if (Log1p is not null)
        {
            current = Log1p.Transform(current);
        }

        if (Scaler is not null)
        {
            current = Scaler.Transform(current);
        }

        return current;
    }

    /// <summary>Extracts the features of <paramref name="transactions"/> as of <paramref name="asOf"/> with the training options, then applies the steps.</summary>
    /// <param name="transactions">The transactions to score.</param>
    /// <param name="asOf">The as-of date of the scoring features.</param>
    /// <returns>One preprocessed row per customer; row ids are the customer ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transactions"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The pipeline was fitted on a matrix, so it has no feature options.</exception>
    /// <exception cref="ArgumentException">A transaction or a value is invalid.</exception>
    public FeatureMatrix<double> Transform(IEnumerable<Transaction> transactions, DateTime asOf)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (FeatureOptions is null)
        {
            throw new InvalidOperationException("This pipeline was fitted on a feature matrix; extract the features yourself and call Transform(FeatureMatrix<double>), or fit it on transactions.");
        }

        return Transform(new CustomerFeatureExtractor(FeatureOptions with { AsOf = asOf }).Extract(transactions));
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        if (FeatureOptions is { } f)
        {
            writer.WriteStartObject("features");
            if (f.WindowDays is int w)
            {
                writer.WriteNumber("windowDays", w);
            }
            else
            {
                writer.WriteNull("windowDays");
            }

            writer.WriteString("onlineChannel", f.OnlineChannel);
            ModelJson.WriteArray(writer, "categories", f.Categories);
            ModelJson.WriteDouble(writer, "undefinedValue", f.UndefinedValue);
            if (f.Columns is null)
            {
                writer.WriteNull("columns");
            }
            else
            {
                ModelJson.WriteArray(writer, "columns", f.Columns);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("features");
        }

        WriteStep(writer, "imputer", Imputer);
        WriteStep(writer, "winsorizer", Winsorizer);
        WriteStep(writer, "log1p", Log1p);
        WriteStep(writer, "scaler", Scaler);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or a step is corrupt.</exception>
    public static PreprocessingModel ReadPayload(JsonElement payload, int formatVersion)
    {
        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        CustomerFeatureOptions? features = null;
        JsonElement f = ModelJson.GetProperty(payload, "features");
        if (f.ValueKind != JsonValueKind.Null)
        {
            JsonElement w = ModelJson.GetProperty(f, "windowDays");
            JsonElement c = ModelJson.GetProperty(f, "columns");
            features = new CustomerFeatureOptions
            {
                WindowDays = w.ValueKind == JsonValueKind.Null ? null : ModelJson.GetInt32(f, "windowDays"),
                OnlineChannel = ModelJson.GetString(f, "onlineChannel"),
                Categories = ModelJson.GetStringArray(f, "categories"),
                UndefinedValue = ModelJson.GetDouble(f, "undefinedValue"),
                Columns = c.ValueKind == JsonValueKind.Null ? null : ModelJson.GetStringArray(f, "columns"),
            };
        }

        ModelJson.CheckOptions(features, "The saved PreprocessingModel field \"features\" is invalid");

        ImputerModel? imputer = ReadStep<ImputerModel>(payload, "imputer");
        WinsorizerModel? winsorizer = ReadStep<WinsorizerModel>(payload, "winsorizer");
        Log1pModel? log1p = ReadStep<Log1pModel>(payload, "log1p");
        ScalerModel? scaler = ReadStep<ScalerModel>(payload, "scaler");
        CheckStepColumns(names, "imputer", imputer?.ColumnNames);
        CheckStepColumns(names, "winsorizer", winsorizer?.ColumnNames);
        CheckStepColumns(names, "log1p", log1p?.ColumnNames);
        CheckStepColumns(names, "scaler", scaler?.ColumnNames);
        return new PreprocessingModel(names, features, imputer, winsorizer, log1p, scaler);
    }

    private static void CheckStepColumns(string[] names, string step, IReadOnlyList<string>? stepNames)
    {
        if (stepNames is not null && !stepNames.SequenceEqual(names, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The saved pipeline step \"{step}\" has the columns ({string.Join(", ", stepNames)}) but the pipeline's \"columnNames\" are ({string.Join(", ", names)}); every step must work on the pipeline's columns.");
        }
    }

    private static void WriteStep<T>(Utf8JsonWriter writer, string name, T? step)
        where T : class, IPersistableModel<T>
    {
        if (step is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteNumber("formatVersion", T.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        step.WritePayload(writer);
        writer.WriteEndObject();
    }

    private static T? ReadStep<T>(JsonElement payload, string name)
        where T : class, IPersistableModel<T>
    {
        JsonElement step = ModelJson.GetProperty(payload, name);
        if (step.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        int version = ModelJson.GetInt32(step, "formatVersion");
        if (version < T.OldestReadableFormatVersion || version > T.CurrentFormatVersion)
        {
            throw new InvalidDataException($"The saved pipeline step \"{name}\" has format version {version}; this build reads {T.OldestReadableFormatVersion} to {T.CurrentFormatVersion}.");
        }

        return T.ReadPayload(ModelJson.GetProperty(step, "payload"), version);
    }
}
