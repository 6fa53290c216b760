using System.Collections.Immutable;

namespace Personalization.Features;

/// <summary>
/// The rows of an experiment read by <see cref="ExperimentCsvReader"/>: unit ids, arms (0 = control), outcomes, numeric
/// features and the raw values of the categorical features.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ExperimentCsvData
{
    private readonly int[] _treatment;
    private readonly double[][] _outcomes;
    private readonly double[] _numeric;
    private readonly string[][] _categories;

    internal ExperimentCsvData(ExperimentCsvSchema schema, string[] ids, string[] armNames, int[] treatment, double[][] outcomes, double[] numeric, string[][] categories, long rowsOtherArms)
    {
        Schema = schema;
        Ids = ids;
        ArmNames = armNames;
        _treatment = treatment;
        _outcomes = outcomes;
        _numeric = numeric;
        _categories = categories;
        RowsOtherArms = rowsOtherArms;
        var sizes = new int[armNames.Length];
        foreach (int t in treatment)
        {
            sizes[t]++;
        }

        ArmSizes = sizes;
    }

    /// <summary>Gets the schema the rows were read with.</summary>
    public ExperimentCsvSchema Schema { get; }

    /// <summary>Gets the number of units read.</summary>
    public int Count => _treatment.Length;

    /// <summary>Gets the id of each unit: the <see cref="ExperimentCsvSchema.IdColumn"/> value, or the line number.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Gets the arm names, control first, then the treatment arms in arm order.</summary>
    public IReadOnlyList<string> ArmNames { get; }

    /// <summary>Gets the number of units in each arm, control first (an arm may have none).</summary>
    public IReadOnlyList<int> ArmSizes { get; }

    /// <summary>Gets the arm of each unit: 0 for control, a for <see cref="ArmNames"/>[a].</summary>
    public ReadOnlySpan<int> Treatment => _treatment;

    /// <summary>Gets the number of rows skipped because their arm was not kept.</summary>
    public long RowsOtherArms { get; }

    /// <summary>Gets the values of an outcome column, one per unit.</summary>
    /// <param name="column">One of <see cref="ExperimentCsvSchema.OutcomeColumns"/>.</param>
    /// <returns>The outcomes.</returns>
    /// <exception cref="ArgumentException"><paramref name="column"/> is not an outcome column of the schema.</exception>
    public ReadOnlySpan<double> Outcome(string column) => _outcomes[IndexOf(Schema.OutcomeColumns, column, nameof(column), "OutcomeColumns")];

    /// <summary>Gets the raw values of a categorical column, one per unit.</summary>
    /// <param name="column">One of <see cref="ExperimentCsvSchema.CategoricalColumns"/>.</param>
    /// <returns>The values.</returns>
    /// <exception cref="ArgumentException"><paramref name="column"/> is not a categorical column of the schema.</exception>
    public IReadOnlyList<string> Categories(string column) => _categories[IndexOf(Schema.CategoricalColumns, column, nameof(column), "CategoricalColumns")];

    /// <summary>Gets the numeric feature columns as a matrix (one row per unit, row ids = <see cref="Ids"/>).</summary>
    /// <returns>A new <see cref="Count"/> x <see cref="ExperimentCsvSchema.NumericColumns"/> matrix.</returns>
    public FeatureMatrix<double> NumericFeatures() =>
        FeatureMatrix<double>.FromOwnedArray((double[])_numeric.Clone(), Count, Schema.NumericColumns.Count, [.. Schema.NumericColumns], [.. Ids]);

    /// <summary>Fits one one-hot encoder per categorical column (unknown categories then score as all zeros) and builds the features.</summary>
    /// <returns>The numeric features followed by the one-hot columns, and the encoders in <see cref="ExperimentCsvSchema.CategoricalColumns"/> order.</returns>
    public (FeatureMatrix<double> Features, ImmutableArray<OneHotEncoderModel> Encoders) FitFeatures()
    {
        var encoders = ImmutableArray.CreateBuilder<OneHotEncoderModel>(_categories.Length);
        for (int c = 0; c < _categories.Length; c++)
        {
            encoders.Add(new OneHotEncoder(new OneHotEncoderOptions { ColumnName = Schema.CategoricalColumns[c], UnknownCategory = UnknownCategoryHandling.Ignore }).Fit(_categories[c]));
        }

        ImmutableArray<OneHotEncoderModel> fitted = encoders.MoveToImmutable();
        return (Features(fitted), fitted);
    }

    /// <summary>Builds the features with given encoders (for example those of a saved model): numeric columns, then each encoder's columns.</summary>
    /// <param name="encoders">One encoder per categorical column, in schema order.</param>
    /// <returns>A new feature matrix, row ids = <see cref="Ids"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoders"/> is null.</exception>
    /// <exception cref="ArgumentException">The encoder count differs from the categorical column count, or the schema has no feature column.</exception>
    public FeatureMatrix<double> Features(IReadOnlyList<OneHotEncoderModel> encoders)
    {
        ArgumentNullException.ThrowIfNull(encoders);
        if (encoders.Count != _categories.Length)
        {
            throw new ArgumentException($"encoders has {encoders.Count} encoders but the schema has {_categories.Length} categorical columns.", nameof(encoders));
        }

        var parts = new List<FeatureMatrix<double>>();
        if (Schema.NumericColumns.Count > 0)
        {
            parts.Add(NumericFeatures());
        }

        for (int c = 0; c < encoders.Count; c++)
        {
            parts.Add(encoders[c].Transform(_categories[c]));
        }

        return parts.Count switch
        {
            0 => throw new ArgumentException("The schema has no numeric or categorical feature column.", nameof(encoders)),
            1 => parts[0],
            _ => FeatureMatrices.ConcatenateColumns(parts),
        };
    }

    /// <summary>Returns the units as uplift data.</summary>
    /// <param name="features">One row per unit, for example from <see cref="FitFeatures"/>.</param>
    /// <param name="outcomeColumn">The outcome to model, one of <see cref="ExperimentCsvSchema.OutcomeColumns"/>.</param>
    /// <returns>New uplift data with <see cref="ArmNames"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="outcomeColumn"/> is not an outcome column, the row counts differ, or an arm has no unit.</exception>
    public UpliftData ToUpliftData(FeatureMatrix<double> features, string outcomeColumn)
    {
        ArgumentNullException.ThrowIfNull(features);
        return new UpliftData(features, _treatment, Outcome(outcomeColumn), ArmNames);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column, string paramName, string listName)
    {
        ArgumentNullException.ThrowIfNull(column, paramName);
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{column}' is not one of the schema's {listName} ({string.Join(", ", columns)}).", paramName);
    }
}
