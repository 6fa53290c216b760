using System.Numerics.Tensors;
using System.Text.Json;
using Personalization.Features.Internal;
using Personalization.Persistence;

namespace Personalization.Features;

/// <summary>
/// A fitted per-column affine scaler, <c>z = (x - Offset) / Scale</c>, produced by <see cref="StandardScaler"/>,
/// <see cref="MinMaxScaler"/> or <see cref="RobustScaler"/>.
/// </summary>
/// <remarks>
/// <see cref="InverseTransform"/> computes <c>x = z * Scale + Offset</c>. A constant training column gets
/// scale 1. The model is immutable and thread-safe, and saves through <see cref="ModelPersistence"/>,
/// reloading bit-identically.
/// </remarks>
public sealed class ScalerModel : IScalerModel, IPersistableModel<ScalerModel>
{
    private readonly string[] _columnNames;
    private readonly double[] _offsets;
    private readonly double[] _scales;
    private readonly double[] _dataMin;
    private readonly double[] _dataMax;

    internal ScalerModel(ScalerKind kind, ScalerOptions options, string[] columnNames, double[] offsets, double[] scales, double[] dataMin, double[] dataMax)
    {
        Kind = kind;
        Options = options;
        _columnNames = columnNames;
        _offsets = offsets;
        _scales = scales;
        _dataMin = dataMin;
        _dataMax = dataMax;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "ScalerModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 2;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Gets the stable name of the model type.</summary>
    public string ModelType => PersistedModelType;

    /// <summary>Gets the kind of scaler that fitted the model.</summary>
    public ScalerKind Kind { get; }

    /// <summary>
    /// Gets the options the model was fitted with: <see cref="StandardScalerOptions"/>, <see cref="MinMaxScalerOptions"/> or
    /// <see cref="RobustScalerOptions"/> as <see cref="Kind"/> says. Format 2 saves them; a format-1 file did not record them,
    /// so a model loaded from one has the defaults of its kind's options (its offsets and scales are intact).
    /// </summary>
    public ScalerOptions Options { get; }

    /// <summary>Gets the training column names, which transformed data must have.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the per-column offsets (mean, minimum-based offset or median).</summary>
    public IReadOnlyList<double> Offsets => _offsets;

    /// <summary>Gets the per-column divisors (standard deviation, range or interquartile range; 1 for a constant column).</summary>
    public IReadOnlyList<double> Scales => _scales;

    /// <summary>Gets the per-column minimum of the training data.</summary>
    public IReadOnlyList<double> DataMin => _dataMin;

    /// <summary>Gets the per-column maximum of the training data.</summary>
    public IReadOnlyList<double> DataMax => _dataMax;

    /// <summary>Scales <paramref name="data"/>: <c>z = (x - Offset) / Scale</c> per column.</summary>
    /// <param name="data">Data with the training columns (same names, same order).</param>
    /// <returns>A new matrix; row ids and column names are kept.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the training columns, or a value is NaN or infinite.</exception>
    public FeatureMatrix<double> Transform(FeatureMatrix<double> data)
    {
        ColumnStatistics.CheckColumns(data, _columnNames);
        data.ThrowIfNotFinite(nameof(data));
        int m = data.ColumnCount;
        var result = new double[data.RowCount * m];
        ReadOnlySpan<double> source = data.AsSpan();
        for (int r = 0; r < data.RowCount; r++)
        {
            Span<double> destination = result.AsSpan(r * m, m);
            TensorPrimitives.Subtract(source.Slice(r * m, m), _offsets, destination);
            TensorPrimitives.Divide(destination, _scales, destination);
        }

        return FeatureMatrix<double>.FromOwnedArray(result, data.RowCount, m, data.ColumnNames, data.RowIds);
    }

    /// <summary>Undoes <see cref="Transform"/>: <c>x = z * Scale + Offset</c> per column.</summary>
    /// <param name="data">Scaled data with the training columns.</param>
    /// <returns>A new matrix in original units.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the training columns, or a value is NaN or infinite.</exception>
    public FeatureMatrix<double> InverseTransform(FeatureMatrix<double> data)
    {
        ColumnStatistics.CheckColumns(data, _columnNames);
        data.ThrowIfNotFinite(nameof(data));
        int m = data.ColumnCount;
        var result = new double[data.RowCount * m];
        ReadOnlySpan<double> source = data.AsSpan();
        for (int r = 0; r < data.RowCount; r++)
        {
            Span<double> destination = result.AsSpan(r * m, m);
            TensorPrimitives.FusedMultiplyAdd(source.Slice(r * m, m), _scales, _offsets, destination);
        }

        return FeatureMatrix<double>.FromOwnedArray(result, data.RowCount, m, data.ColumnNames, data.RowIds);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The JSON writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("kind", Kind.ToString());
        writer.WriteStartObject("options");
        switch (Options)
        {
            case StandardScalerOptions s:
                writer.WriteBoolean("withMean", s.WithMean);
                writer.WriteBoolean("withStd", s.WithStd);
                break;
            case MinMaxScalerOptions m:
                ModelJson.WriteDouble(writer, "rangeMin", m.RangeMin);
                ModelJson.WriteDouble(writer, "rangeMax", m.RangeMax);
                break;
            case RobustScalerOptions r:
                ModelJson.WriteDouble(writer, "lowerPercentile", r.LowerPercentile);
                ModelJson.WriteDouble(writer, "upperPercentile", r.UpperPercentile);
                writer.WriteBoolean("withCentering", r.WithCentering);
                writer.WriteBoolean("withScaling", r.WithScaling);
                break;
        }

        writer.WriteEndObject();
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        ModelJson.WriteArray<double>(writer, "offsets", _offsets);
        ModelJson.WriteArray<double>(writer, "scales", _scales);
        ModelJson.WriteArray<double>(writer, "dataMin", _dataMin);
        ModelJson.WriteArray<double>(writer, "dataMax", _dataMax);
        writer.WriteEndObject();
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version of the file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, the arrays have different lengths, or a scale is not a finite non-zero number.</exception>
    public static ScalerModel ReadPayload(JsonElement payload, int formatVersion)
    {
        if (!Enum.TryParse(ModelJson.GetString(payload, "kind"), out ScalerKind kind) || !Enum.IsDefined(kind))
        {
            throw new InvalidDataException("The saved ScalerModel has an unknown \"kind\".");
        }

        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        double[] offsets = ModelJson.GetDoubleArray(payload, "offsets");
        double[] scales = ModelJson.GetDoubleArray(payload, "scales");
        double[] min = ModelJson.GetFiniteDoubleArray(payload, "dataMin");
        double[] max = ModelJson.GetFiniteDoubleArray(payload, "dataMax");
        if (offsets.Length != names.Length || scales.Length != names.Length || min.Length != names.Length || max.Length != names.Length)
        {
            throw new InvalidDataException($"The saved ScalerModel has {names.Length} columns but arrays of lengths {offsets.Length}, {scales.Length}, {min.Length}, {max.Length}.");
        }

        for (int j = 0; j < scales.Length; j++)
        {
            if (!double.IsFinite(scales[j]) || scales[j] == 0 || !double.IsFinite(offsets[j]))
            {
                throw new InvalidDataException($"The saved ScalerModel has offset {offsets[j]} and scale {scales[j]} in column {j}; scales must be finite and non-zero.");
            }

            if (min[j] > max[j])
            {
                throw new InvalidDataException($"The saved ScalerModel field \"dataMin\" ({min[j]}) is above \"dataMax\" ({max[j]}) in column {j}.");
            }
        }

        return new ScalerModel(kind, ReadOptions(payload, kind, formatVersion), names, offsets, scales, min, max);
    }

    /// <summary>Fits any of the three kinds (shared by the estimators).</summary>
    private static ScalerOptions ReadOptions(JsonElement payload, ScalerKind kind, int formatVersion)
    {
        if (formatVersion < 2)
        {
            return kind switch
            {
                ScalerKind.Standard => new StandardScalerOptions(),
                ScalerKind.MinMax => new MinMaxScalerOptions(),
                _ => new RobustScalerOptions(),
            };
        }

        JsonElement o = ModelJson.GetProperty(payload, "options");
        ScalerOptions options = kind switch
        {
            ScalerKind.Standard => new StandardScalerOptions { WithMean = ModelJson.GetBoolean(o, "withMean"), WithStd = ModelJson.GetBoolean(o, "withStd") },
            ScalerKind.MinMax => new MinMaxScalerOptions { RangeMin = ModelJson.GetDouble(o, "rangeMin"), RangeMax = ModelJson.GetDouble(o, "rangeMax") },
            _ => new RobustScalerOptions
            {
                LowerPercentile = ModelJson.GetDouble(o, "lowerPercentile"),
                UpperPercentile = ModelJson.GetDouble(o, "upperPercentile"),
                WithCentering = ModelJson.GetBoolean(o, "withCentering"),
                WithScaling = ModelJson.GetBoolean(o, "withScaling"),
            },
        };
        ModelJson.CheckOptions(options as IValidatableOptions, "The saved ScalerModel's \"options\" are invalid");

        return options;
    }

    internal static ScalerModel Fit(FeatureMatrix<double> data, ScalerKind kind, ScalerOptions options, Func<ReadOnlySpan<double>, double, double, (double Offset, double Scale)> columnFit, bool needsSorted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        int n = data.RowCount;
        int m = data.ColumnCount;
        var offsets = new double[m];
        var scales = new double[m];
        var min = new double[m];
        var max = new double[m];
        var column = new double[n];
        for (int j = 0; j < m; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            data.CopyColumn(j, column);
            min[j] = TensorPrimitives.Min<double>(column);
            max[j] = TensorPrimitives.Max<double>(column);
            if (needsSorted)
            {
                Array.Sort(column);
            }

            (offsets[j], scales[j]) = columnFit(column, min[j], max[j]);
        }

        return new ScalerModel(kind, options, data.ColumnNames.ToArray(), offsets, scales, min, max);
    }
}
