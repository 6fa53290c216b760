using System.Text.Json;
using Personalization.Monitoring.Internal;
using Personalization.Persistence;
using Personalization.Validation;

namespace Personalization.Monitoring;

/// <summary>
/// A fitted PSI binning: per feature, the reference quantile edges and the reference share of each
/// bin. Scores any later window against the reference without keeping the reference data.
/// </summary>
/// <remarks>Sealed, immutable and thread-safe: any number of threads may call its methods at once.</remarks>
public sealed class PsiBinningModel : IPersistableModel<PsiBinningModel>
{
    private readonly string[] _columnNames;
    private readonly double[][] _edges;
    private readonly double[][] _shares;

    internal PsiBinningModel(PsiBinningOptions options, IReadOnlyList<string> columnNames, int referenceRowCount, double[][] edges, double[][] shares)
    {
        Options = options;
        _columnNames = [.. columnNames];
        ReferenceRowCount = referenceRowCount;
        _edges = edges;
        _shares = shares;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "PsiBinningModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the binning was fitted with.</summary>
    public PsiBinningOptions Options { get; }

    /// <summary>Gets the feature names, one per column.</summary>
    public IReadOnlyList<string> ColumnNames => _columnNames;

    /// <summary>Gets the number of features.</summary>
    public int FeatureCount => _columnNames.Length;

    /// <summary>Gets the number of reference rows the binning was fitted on.</summary>
    public int ReferenceRowCount { get; }

    /// <summary>Returns the inner bin edges of one feature.</summary>
    /// <param name="column">The zero-based feature index.</param>
    /// <returns>The ascending edges; there is one more bin than edges.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is outside 0..FeatureCount-1.</exception>
    public IReadOnlyList<double> Edges(int column)
    {
        Guard.InRange(column, 0, FeatureCount - 1);
        return _edges[column];
    }

    /// <summary>Returns the reference share of each bin of one feature.</summary>
    /// <param name="column">The zero-based feature index.</param>
    /// <returns>The shares, summing to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is outside 0..FeatureCount-1.</exception>
    public IReadOnlyList<double> ReferenceShares(int column)
    {
        Guard.InRange(column, 0, FeatureCount - 1);
        return _shares[column];
    }

    /// <summary>Computes the PSI of one feature's current values.</summary>
    /// <param name="column">The zero-based feature index.</param>
    /// <param name="values">The current values of that feature.</param>
    /// <returns>The PSI and both share vectors.</returns>
    /// <remarks>Formula: sum_i (c_i - r_i) ln(c_i / r_i), zero shares replaced by <see cref="PsiBinningOptions.Epsilon"/>. Cost O(n log B).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="column"/> is outside 0..FeatureCount-1.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds NaN or infinity.</exception>
    public PsiResult Compute(int column, ReadOnlySpan<double> values)
    {
        Guard.InRange(column, 0, FeatureCount - 1);
        Guard.NotEmpty(values);
        Guard.AllFinite(values);
        double[] current = PsiBinning.BinShares(values, _edges[column]);
        return new PsiResult(PopulationStability.Compute(_shares[column], current, Options.Epsilon), _edges[column], _shares[column], current);
    }

    /// <summary>Computes the PSI of every feature of <paramref name="current"/>.</summary>
    /// <param name="current">The current window, with the reference's columns in the same order and with the same names.</param>
    /// <returns>One result per feature.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="current"/> is null.</exception>
    /// <exception cref="ArgumentException">The columns differ from the reference's, or the data is empty or not finite.</exception>
    public IReadOnlyList<PsiResult> Compute(FeatureMatrix<double> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        current.ThrowIfEmptyOrNotFinite(nameof(current));
        ColumnChecks.SameColumns(_columnNames, current.ColumnNames, "the fitted binning", nameof(current));
        var results = new PsiResult[FeatureCount];
        var column = new double[current.RowCount];
        for (int c = 0; c < FeatureCount; c++)
        {
            current.CopyColumn(c, column);
            double[] shares = PsiBinning.BinShares(column, _edges[c]);
            results[c] = new PsiResult(PopulationStability.Compute(_shares[c], shares, Options.Epsilon), _edges[c], _shares[c], shares);
        }

        return results;
    }

    /// <inheritdoc />
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("binCount", Options.BinCount);
        ModelJson.WriteDouble(writer, "epsilon", Options.Epsilon);
        writer.WriteNumber("referenceRowCount", ReferenceRowCount);
        ModelJson.WriteArray(writer, "columnNames", _columnNames);
        writer.WriteStartArray("features");
        for (int c = 0; c < FeatureCount; c++)
        {
            writer.WriteStartObject();
            ModelJson.WriteArray<double>(writer, "edges", _edges[c]);
            ModelJson.WriteArray<double>(writer, "referenceShares", _shares[c]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public static PsiBinningModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new PsiBinningOptions
        {
            BinCount = ModelJson.GetInt32(payload, "binCount"),
            Epsilon = ModelJson.GetDouble(payload, "epsilon"),
        };
        ModelJson.CheckOptions(options, "The saved PsiBinningModel has invalid options");

        int rows = ModelJson.GetInt32(payload, "referenceRowCount");
        if (rows < 1)
        {
            throw new InvalidDataException($"The saved PsiBinningModel field \"referenceRowCount\" is {rows}; it must be at least 1.");
        }
        string[] names = ModelJson.GetStringArray(payload, "columnNames");
        JsonElement features = ModelJson.GetProperty(payload, "features");
        if (features.ValueKind != JsonValueKind.Array || features.GetArrayLength() != names.Length)
        {
            throw new InvalidDataException($"The saved PsiBinningModel must hold one entry in \"features\" per column ({names.Length}).");
        }

        var edges = new double[names.Length][];
        var shares = new double[names.Length][];
        int c = 0;
        foreach (JsonElement feature in features.EnumerateArray())
        {
            edges[c] = ModelJson.GetFiniteDoubleArray(feature, "edges");
            shares[c] = ModelJson.GetFiniteDoubleArray(feature, "referenceShares");
            double total = 0;
            foreach (double share in shares[c])
            {
                total += share;
                if (share < 0 || share > 1)
                {
                    throw new InvalidDataException($"The saved PsiBinningModel feature {c} has the reference share {share}; shares must be between 0 and 1.");
                }
            }

            if (Math.Abs(total - 1) > 1e-6)
            {
                throw new InvalidDataException($"The saved PsiBinningModel feature {c} has reference shares that sum to {total}, not 1.");
            }
            if (shares[c].Length != edges[c].Length + 1)
            {
                throw new InvalidDataException($"The saved PsiBinningModel feature {c} has {edges[c].Length} edges but {shares[c].Length} shares; there must be one more share than edges.");
            }

            for (int i = 1; i < edges[c].Length; i++)
            {
                if (!(edges[c][i] > edges[c][i - 1]))
                {
                    throw new InvalidDataException($"The saved PsiBinningModel feature {c} has edges that are not strictly increasing.");
                }
            }

            c++;
        }

        return new PsiBinningModel(options, names, rows, edges, shares);
    }
}
