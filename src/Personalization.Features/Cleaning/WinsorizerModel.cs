using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>A fitted winsorizer: clips each column to [LowerBound, UpperBound]; NaN stays NaN.</summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>.</remarks>
public sealed class WinsorizerModel : IDataTransformer, IPersistableModel<WinsorizerModel>
{
    private readonly string[] _columnNames;
    private readonly double[] _lower;
    private readonly double[] _upper;

    internal WinsorizerModel(WinsorizerOptions options, string[] columnNames, double[] lower, double[] upper)
    {
        Options = options;
        _columnNames = columnNames;
        _lower = lower;
        _upper = upper;
    }

    /// <summary>
    /// Gets the options the winsorizer was fitted with. Format 2 saves them; a format-1 file did not record the quantiles,
    /// so a model loaded from one has NaN <see cref="WinsorizerOptions.LowerQuantile"/> and <see cref="WinsorizerOptions.UpperQuantile"/> (its bounds are intact).
    /// </summary>
    public WinsorizerOptions Options { get; }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "WinsorizerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the training column names.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the lower cap of each column.</summary>
    public IReadOnlyList<double> LowerBounds => _lower;

    /// <summary>Gets the upper cap of each column.</summary>
    public IReadOnlyList<double> UpperBounds => _upper;

    /// <summary>Clips every value to its column's caps: <c>min(max(x, Lower), Upper)</c>.</summary>
    /// <param name="data">Data with the training columns.</param>
    /// <returns>A new matrix; row ids are kept and NaN stays NaN.</returns>
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
            int j = i % m;
            double v = values[i];
            values[i] = v < _lower[j] ? _lower[j] : v > _upper[j] ? _upper[j] : v;
        }

        return FeatureMatrix<double>.FromOwnedArray(values, data.RowCount, m, data.ColumnNames, data.RowIds);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        ModelJson.WriteArray<double>(writer, "lower", _lower);
        ModelJson.WriteArray<double>(writer, "upper", _upper);
        ModelJson.WriteDouble(writer, "lowerQuantile", Options.LowerQuantile);
        ModelJson.WriteDouble(writer, "upperQuantile", Options.UpperQuantile);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or the bounds are inconsistent.</exception>
    public static WinsorizerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        double[] lower = ModelJson.GetDoubleArray(payload, "lower");
        double[] upper = ModelJson.GetDoubleArray(payload, "upper");
        if (lower.Length != names.Length || upper.Length != names.Length)
        {
            throw new InvalidDataException($"The saved WinsorizerModel has {names.Length} columns but {lower.Length} lower and {upper.Length} upper bounds.");
        }

        for (int j = 0; j < names.Length; j++)
        {
            if (!(lower[j] <= upper[j]))
            {
                throw new InvalidDataException($"The saved WinsorizerModel has lower bound {lower[j]} above upper bound {upper[j]} in column {j}.");
            }
        }

        var options = new WinsorizerOptions { LowerQuantile = double.NaN, UpperQuantile = double.NaN };
        if (formatVersion >= 2)
        {
            options = new WinsorizerOptions { LowerQuantile = ModelJson.GetDouble(payload, "lowerQuantile"), UpperQuantile = ModelJson.GetDouble(payload, "upperQuantile") };
            if (!(options.LowerQuantile >= 0 && options.LowerQuantile < options.UpperQuantile && options.UpperQuantile <= 1))
            {
                throw new InvalidDataException($"The saved WinsorizerModel has quantiles {options.LowerQuantile} and {options.UpperQuantile}; they must satisfy 0 <= lower < upper <= 1.");
            }
        }

        return new WinsorizerModel(options, names, lower, upper);
    }
}
