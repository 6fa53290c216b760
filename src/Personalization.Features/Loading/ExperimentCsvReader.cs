namespace Personalization.Features;

/// <summary>
/// Reads an experiment's results file (one row per randomised unit: arm, outcomes, features) into an
/// <see cref="ExperimentCsvData"/>, through <see cref="CsvTableReader"/> (CsvHelper, RFC 4180 quoting, strict
/// UTF-8 or an explicit encoding, <c>.csv.gz</c>, every bad row rejected with a reason in a <see cref="CsvReadReport"/>).
/// </summary>
/// <remarks>
/// Rows whose arm is neither <see cref="ExperimentCsvSchema.ControlArm"/> nor a kept treatment arm are skipped and
/// counted in <see cref="ExperimentCsvData.RowsOtherArms"/>. The reader does not require every arm to have rows:
/// <see cref="ExperimentCsvData.ArmSizes"/> tells, and <see cref="ExperimentCsvData.ToUpliftData"/> rejects an empty arm.
/// Thread-safe.
/// </remarks>
public static class ExperimentCsvReader
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The CSV file; a name ending in <c>.gz</c> is decompressed and verified.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="report">Receives the counts and the rejected rows.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <param name="rowsAccepted">Optional: told, synchronously on the reading thread, the count of accepted rows after each one.</param>
    /// <returns>The accepted rows of the control and the kept treatment arms, in file order.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The schema names no outcome, a column twice, or lists the control among the treatment arms.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A schema column is missing from the header, or the bytes are not valid in the encoding.</exception>
    public static ExperimentCsvData Read(string path, ExperimentCsvSchema schema, CsvReadReport report, CsvReadOptions? options = null, IProgress<long>? rowsAccepted = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        (CsvTableSchema table, ExperimentCsvSchema s) = Columns(schema);
        return Collect(CsvTableReader.Read(path, table, report, options), s, rowsAccepted);
    }

    /// <summary>Reads a stream, which is left open.</summary>
    /// <param name="stream">The CSV text.</param>
    /// <param name="sourceName">The name to report rejected rows under.</param>
    /// <param name="schema">The columns.</param>
    /// <param name="report">Receives the counts and the rejected rows.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted rows of the control and the kept treatment arms, in input order.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The schema names no outcome, a column twice, or lists the control among the treatment arms.</exception>
    /// <exception cref="InvalidDataException">A schema column is missing from the header, or the bytes are not valid in the encoding.</exception>
    public static ExperimentCsvData Read(Stream stream, string sourceName, ExperimentCsvSchema schema, CsvReadReport report, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        (CsvTableSchema table, ExperimentCsvSchema s) = Columns(schema);
        return Collect(CsvTableReader.Read(stream, sourceName, table, report, options), s, null);
    }

    private static (CsvTableSchema Table, ExperimentCsvSchema Schema) Columns(ExperimentCsvSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        string[] text = [schema.TreatmentColumn, .. schema.CategoricalColumns, .. schema.IdColumn is null ? Array.Empty<string>() : [schema.IdColumn]];
        return (new CsvTableSchema { Text = text, Numbers = [.. schema.OutcomeColumns, .. schema.NumericColumns] }, schema);
    }

    private static ExperimentCsvData Collect(IEnumerable<CsvTableRow> rows, ExperimentCsvSchema schema, IProgress<long>? rowsAccepted)
    {
        int outcomes = schema.OutcomeColumns.Count, numeric = schema.NumericColumns.Count, categorical = schema.CategoricalColumns.Count;
        var armIndex = new Dictionary<string, int>(StringComparer.Ordinal) { [schema.ControlArm] = 0 };
        if (schema.TreatmentArms is { } kept)
        {
            for (int a = 0; a < kept.Count; a++)
            {
                armIndex[kept[a]] = a + 1;
            }
        }

        var ids = new List<string>();
        var arms = new List<string>();
        var outcomeValues = new List<double>[outcomes];
        var categoryValues = new List<string>[categorical];
        for (int c = 0; c < outcomes; c++)
        {
            outcomeValues[c] = [];
        }

        for (int c = 0; c < categorical; c++)
        {
            categoryValues[c] = [];
        }

        var numericValues = new List<double>();
        long other = 0, accepted = 0;
        foreach (CsvTableRow row in rows)
        {
            rowsAccepted?.Report(++accepted);
            string arm = row.Text[0];
            if (schema.TreatmentArms is not null && !armIndex.ContainsKey(arm))
            {
                other++;
                continue;
            }

            arms.Add(arm);
            ids.Add(schema.IdColumn is null ? row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : row.Text[^1]);
            for (int c = 0; c < outcomes; c++)
            {
                outcomeValues[c].Add(row.Numbers[c]);
            }

            for (int c = 0; c < numeric; c++)
            {
                numericValues.Add(row.Numbers[outcomes + c]);
            }

            for (int c = 0; c < categorical; c++)
            {
                categoryValues[c].Add(row.Text[c + 1]);
            }
        }

        string[] names;
        if (schema.TreatmentArms is { } given)
        {
            names = [schema.ControlArm, .. given];
        }
        else
        {
            names = [schema.ControlArm, .. arms.Where(a => a != schema.ControlArm).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            for (int a = 1; a < names.Length; a++)
            {
                armIndex[names[a]] = a;
            }
        }

        int[] treatment = arms.Select(a => armIndex[a]).ToArray();
        return new ExperimentCsvData(
            schema,
            [.. ids],
            names,
            treatment,
            outcomeValues.Select(v => v.ToArray()).ToArray(),
            [.. numericValues],
            categoryValues.Select(v => v.ToArray()).ToArray(),
            other);
    }
}
