using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>A fitted imputer: replaces each NaN with its column's fill value.</summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>.</remarks>
public sealed class ImputerModel : IDataTransformer, IPersistableModel<ImputerModel>
{
    private readonly string[] _columnNames;
    private readonly double[] _fillValues;

    internal ImputerModel(SimpleImputerOptions options, string[] columnNames, double[] fillValues)
    {
        Options = options;
        Strategy = options.Strategy;
        _columnNames = columnNames;
        _fillValues = fillValues;
    }

    /// <summary>
    /// Gets the options the imputer was fitted with. Format 2 saves them; from a format-1 file <see cref="SimpleImputerOptions.FillValue"/>
    /// is recovered for the Constant strategy (the fill value of every column) and is 0 otherwise.
    /// </summary>
    public SimpleImputerOptions Options { get; }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "ImputerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the strategy that computed the fill values.</summary>
    public ImputationStrategy Strategy { get; }

    /// <summary>Gets the training column names.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the fill value of each column.</summary>
    public IReadOnlyList<double> FillValues => _fillValues;

    /// <summary>Replaces every NaN with its column's fill value.</summary>
    /// <param name="data">Data with the training columns.</param>
    /// <returns>A new matrix without NaN; row ids are kept.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the training columns, or a value is infinite.</exception>
    public FeatureMatrix<double> Transform(FeatureMatrix<double> data)
    {
        ColumnStatistics.CheckColumns(data, _columnNames);
        Cleaning.ThrowIfInfinite(data, nameof(data));
        double[] values = data.AsSpan().ToArray();
        int m = data.ColumnCount;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                values[i] = _fillValues[i % m];
            }
        }

        return FeatureMatrix<double>.FromOwnedArray(values, data.RowCount, m, data.ColumnNames, data.RowIds);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("strategy", Strategy.ToString());
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        ModelJson.WriteArray<double>(writer, "fillValues", _fillValues);
        ModelJson.WriteDouble(writer, "fillValue", Options.FillValue);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or inconsistent.</exception>
    public static ImputerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        if (!Enum.TryParse(ModelJson.GetString(payload, "strategy"), out ImputationStrategy strategy) || !Enum.IsDefined(strategy))
        {
            throw new InvalidDataException("The saved ImputerModel has an unknown \"strategy\".");
        }

        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        double[] fills = ModelJson.GetDoubleArray(payload, "fillValues");
        if (fills.Length != names.Length || Array.Exists(fills, v => !double.IsFinite(v)))
        {
            throw new InvalidDataException($"The saved ImputerModel has {names.Length} columns and {fills.Length} fill values; they must match and be finite.");
        }

        double fillValue = formatVersion >= 2 ? ModelJson.GetDouble(payload, "fillValue")
            : strategy == ImputationStrategy.Constant && fills.Length > 0 ? fills[0] : 0;
        return new ImputerModel(new SimpleImputerOptions { Strategy = strategy, FillValue = fillValue }, names, fills);
    }
}
