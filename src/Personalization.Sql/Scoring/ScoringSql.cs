using System.Globalization;
using System.Text;
using Personalization.Clustering;
using Personalization.Features;

namespace Personalization.Sql;

/// <summary>Compiles fitted models into SQL that scores a features table inside the engine, so the rows never leave the warehouse.</summary>
/// <remarks>
/// <para>Every fitted number is written as an exact round-trip literal (<c>"R"</c>, invariant culture) cast to the dialect's
/// double type, and every step uses the same IEEE operations as the .NET code ((x - offset) / scale, ln(1 + x), comparisons),
/// so the scaled values equal <see cref="PreprocessingModel.Transform(FeatureMatrix{double})"/>.</para>
/// <para>Ties: the SQL takes the smallest squared distance, computed as the sum over features in column order of
/// (x - c)^2, and among centroids at exactly that distance the lowest index, as <see cref="KMeansModel{T}.Predict(FeatureMatrix{T})"/> does.</para>
/// <para>Rows that <see cref="PreprocessingModel.Transform(FeatureMatrix{double})"/> would reject get NULL <c>segment</c> and <c>distance</c>
/// instead of an error: a NULL or NaN feature when the pipeline has no imputer (with one, NULL and NaN take the fill value),
/// an infinite feature, and a value at or below -1 for unsigned log1p.</para>
/// </remarks>
public static partial class ScoringSql
{
    private const string Prefix = "pz_";

    /// <summary>Compiles a preprocessing pipeline and a K-Means model into one SELECT with the columns id, <c>segment</c> (integer) and
    /// <c>distance</c> (Euclidean distance to that centroid, in the scaled space).</summary>
    /// <param name="preprocessing">The fitted preprocessing, or <see langword="null"/> when the model was fitted on the raw features (its centroid column names are then the feature columns).</param>
    /// <param name="kmeans">The fitted K-Means model.</param>
    /// <param name="dialect">The SQL dialect, such as <see cref="DuckDBDialect.Instance"/> or <see cref="PostgreSqlDialect.Instance"/>.</param>
    /// <param name="source">The features table or query.</param>
    /// <returns>The SELECT statement, without a trailing semicolon.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kmeans"/>, <paramref name="dialect"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException">The source is invalid, or the pipeline and the model have different feature counts.</exception>
    /// <exception cref="NotSupportedException">A step of the pipeline cannot be expressed in SQL; the message names it.</exception>
    public static string Segmentation(PreprocessingModel? preprocessing, KMeansModel<double> kmeans, SqlDialect dialect, ScoringSqlSource source)
    {
        ArgumentNullException.ThrowIfNull(kmeans);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(source);
        source.Validate();
        IReadOnlyList<string> columns = preprocessing?.ColumnNames ?? kmeans.Centroids.ColumnNames;
        int d = columns.Count;
        if (d != kmeans.FeatureCount)
        {
            throw new ArgumentException($"The preprocessing has {d} columns ({string.Join(", ", columns)}) but the K-Means model was fitted on {kmeans.FeatureCount}; compile the pipeline the model was fitted after.", nameof(kmeans));
        }

        string id = dialect.QuoteIdentifier(source.IdColumn);
        var sql = new StringBuilder("WITH ");
        var input = new string[d];
        for (int j = 0; j < d; j++)
        {
            input[j] = $"CAST({dialect.QuoteIdentifier(columns[j])} AS {dialect.DoubleType})";
        }

        string relation = source.Table is { } table
            ? (source.Schema is { } schema ? dialect.QuoteIdentifier(schema) + "." : string.Empty) + dialect.QuoteIdentifier(table)
            : "(" + source.Query + ") AS " + Prefix + "source";
        string previous = Stage(sql, "input", id, input, relation);
        previous = Stage(sql, "clean", id, Clean(dialect, d, preprocessing?.Imputer), previous);
        if (preprocessing?.Winsorizer is { } winsorizer)
        {
            previous = Stage(sql, "winsorized", id, Winsorize(dialect, winsorizer), previous);
        }

        if (preprocessing?.Log1p is { } log1p)
        {
            previous = Stage(sql, "logged", id, Log(dialect, log1p), previous);
        }

        if (preprocessing?.Scaler is { } scaler)
        {
            previous = Stage(sql, "scaled", id, Scale(dialect, scaler), previous);
        }

        int k = kmeans.ClusterCount;
        ReadOnlySpan<double> centroids = kmeans.Centroids.AsSpan();
        var squared = new string[k];
        for (int c = 0; c < k; c++)
        {
            var terms = new string[d];
            for (int j = 0; j < d; j++)
            {
                string diff = $"({X(j)} - {Literal(dialect, centroids[(c * d) + j])})";
                terms[j] = diff + " * " + diff;
            }

            squared[c] = string.Join(" + ", terms);
        }

        previous = Stage(sql, "squared", id, squared, previous, alias: D);
        var least = new string[k];
        for (int c = 0; c < k; c++)
        {
            least[c] = D(c);
        }

        string minimum = k == 1 ? D(0) : "LEAST(" + string.Join(", ", least) + ")";
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}nearest AS (SELECT {id}, {string.Join(", ", least)}, {minimum} AS {Prefix}min FROM {previous})\n");
        sql.Append(CultureInfo.InvariantCulture, $"SELECT {id}, CASE");
        for (int c = 0; c < k; c++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {D(c)} = {Prefix}min THEN {c}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" END AS segment, SQRT({Prefix}min) AS distance FROM {Prefix}nearest");
        return sql.ToString();
    }

    internal static string Literal(SqlDialect dialect, double value)
    {
        string text = double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : dialect.StringLiteral(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        return $"CAST({text} AS {dialect.DoubleType})";
    }

    private static string X(int j) => Prefix + "x" + j.ToString(CultureInfo.InvariantCulture);

    private static string D(int c) => Prefix + "d" + c.ToString(CultureInfo.InvariantCulture);

    private static string Stage(StringBuilder sql, string name, string id, string[] expressions, string from, Func<int, string>? alias = null)
    {
        alias ??= X;
        sql.Append(CultureInfo.InvariantCulture, $"{Prefix}{name} AS (SELECT {id}");
        for (int j = 0; j < expressions.Length; j++)
        {
            sql.Append(CultureInfo.InvariantCulture, $", {expressions[j]} AS {alias(j)}");
        }

        sql.Append(CultureInfo.InvariantCulture, $" FROM {from}),\n");

        return Prefix + name;
    }

    private static string[] Clean(SqlDialect dialect, int d, ImputerModel? imputer)
    {
        string nan = Literal(dialect, double.NaN);
        string positive = Literal(dialect, double.PositiveInfinity);
        string negative = Literal(dialect, double.NegativeInfinity);
        var result = new string[d];
        for (int j = 0; j < d; j++)
        {
            string x = X(j);
            string missing = imputer is null ? "NULL" : Literal(dialect, imputer.FillValues[j]);
            result[j] = $"CASE WHEN {x} IS NULL OR {x} = {nan} THEN {missing} WHEN {x} = {positive} OR {x} = {negative} THEN NULL ELSE {x} END";
        }

        return result;
    }

    private static string[] Winsorize(SqlDialect dialect, WinsorizerModel winsorizer)
    {
        var result = new string[winsorizer.ColumnNames.Count];
        for (int j = 0; j < result.Length; j++)
        {
            string x = X(j);
            string lower = Literal(dialect, winsorizer.LowerBounds[j]);
            string upper = Literal(dialect, winsorizer.UpperBounds[j]);
            result[j] = $"CASE WHEN {x} < {lower} THEN {lower} WHEN {x} > {upper} THEN {upper} ELSE {x} END";
        }

        return result;
    }

    private static string[] Log(SqlDialect dialect, Log1pModel log1p)
    {
        var applied = new HashSet<string>(log1p.TransformedColumns, StringComparer.Ordinal);
        string one = Literal(dialect, 1);
        string minusOne = Literal(dialect, -1);
        string zero = Literal(dialect, 0);
        var result = new string[log1p.ColumnNames.Count];
        for (int j = 0; j < result.Length; j++)
        {
            string x = X(j);
            result[j] = !applied.Contains(log1p.ColumnNames[j]) ? x
                : log1p.Signed ? $"CASE WHEN {x} < {zero} THEN -LN({one} + (-{x})) ELSE LN({one} + {x}) END"
                : $"CASE WHEN {x} > {minusOne} THEN LN({one} + {x}) END";
        }

        return result;
    }

    private static string[] Scale(SqlDialect dialect, ScalerModel scaler)
    {
        if (!Enum.IsDefined(scaler.Kind))
        {
            throw new NotSupportedException($"The scaler step of kind {scaler.Kind} cannot be compiled to SQL.");
        }

        var result = new string[scaler.ColumnNames.Count];
        for (int j = 0; j < result.Length; j++)
        {
            result[j] = $"({X(j)} - {Literal(dialect, scaler.Offsets[j])}) / {Literal(dialect, scaler.Scales[j])}";
        }

        return result;
    }
}
