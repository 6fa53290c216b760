using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>A fitted log transform: <c>log(1 + x)</c> (or <c>sign(x) log(1 + |x|)</c>) on the chosen columns.</summary>
/// <remarks>The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>.</remarks>
public sealed class Log1pModel : IDataTransformer, IPersistableModel<Log1pModel>
{
    private readonly string[] _columnNames;
    private readonly bool[] _apply;

    internal Log1pModel(string[] columnNames, bool[] apply, bool signed)
    {
        _columnNames = columnNames;
        _apply = apply;
        Signed = signed;
        Options = new Log1pTransformOptions
        {
            Columns = Array.TrueForAll(apply, a => a) ? null : [.. TransformedColumns],
            Signed = signed,
        };
    }

    /// <summary>
    /// Gets the options the transform was fitted with, rebuilt from the model: <see cref="Log1pTransformOptions.Columns"/> is
    /// <see langword="null"/> when every column is transformed (equivalent to listing them all), otherwise the transformed columns in column order.
    /// </summary>
    public Log1pTransformOptions Options { get; }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "Log1pModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the training column names.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the names of the transformed columns.</summary>
    public IReadOnlyList<string> TransformedColumns => _columnNames.Where((_, j) => _apply[j]).ToArray();

    /// <summary>Gets a value indicating whether the signed form is used.</summary>
    public bool Signed { get; }

    /// <summary>Applies the transform to the chosen columns; NaN stays NaN.</summary>
    /// <param name="data">Data with the training columns.</param>
    /// <returns>A new matrix; row ids are kept.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the training columns, a value is infinite, or (unsigned) a transformed value is -1 or less.</exception>
    public FeatureMatrix<double> Transform(FeatureMatrix<double> data)
    {
        ColumnStatistics.CheckColumns(data, _columnNames);
        Cleaning.ThrowIfInfinite(data, nameof(data));
        double[] values = data.AsSpan().ToArray();
        int m = data.ColumnCount;
        for (int i = 0; i < values.Length; i++)
        {
            int j = i % m;
            if (!_apply[j])
            {
                continue;
            }

            double v = values[i];
            if (Signed)
            {
                values[i] = Math.CopySign(Math.Log(1 + Math.Abs(v)), v);
            }
            else if (v <= -1)
            {
                throw new ArgumentException($"data has {v} at row {i / m}, column {j} ('{_columnNames[j]}'); log(1 + x) needs x > -1. Use Log1pTransformOptions.Signed for columns that can be negative.", nameof(data));
            }
            else
            {
                values[i] = Math.Log(1 + v);
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
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        ModelJson.WriteArray(writer, "transformed", TransformedColumns);
        writer.WriteBoolean("signed", Signed);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or names an unknown column.</exception>
    public static Log1pModel ReadPayload(JsonElement payload, int formatVersion)
    {
        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        var apply = new bool[names.Length];
        foreach (string t in ModelJson.GetStringArray(payload, "transformed"))
        {
            int j = Array.IndexOf(names, t);
            if (j < 0)
            {
                throw new InvalidDataException($"The saved Log1pModel transforms '{t}', which is not one of its columns.");
            }

            apply[j] = true;
        }

        return new Log1pModel(names, apply, ModelJson.GetBoolean(payload, "signed"));
    }
}
