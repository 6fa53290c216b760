using System.Globalization;
using Personalization.Features;

namespace Personalization.Cli;

internal sealed partial class UpliftCommand
{
    /// <summary>The rows of one control and one treated arm: ids, 0/1 treatment, outcome and raw feature cells.</summary>
    private sealed class ExperimentTable
    {
        private readonly string[] _numeric;
        private readonly string[] _categorical;
        private readonly List<double> _numericValues = [];
        private readonly List<string>[] _categoryValues;

        private ExperimentTable(string[] numeric, string[] categorical)
        {
            _numeric = numeric;
            _categorical = categorical;
            _categoryValues = categorical.Select(_ => new List<string>()).ToArray();
        }

        public string[] Ids { get; private set; } = [];

        public int[] Treatment { get; private set; } = [];

        public double[] Outcome { get; private set; } = [];

        public string ControlName { get; private set; } = "";

        public string TreatedName { get; private set; } = "";

        public long RowsRead { get; private set; }

        public CsvReadReport Report { get; private init; } = new();

        public long RowsOtherArms { get; private set; }

        public int ControlRows => Treatment.Count(t => t == 0);

        public int TreatedRows => Treatment.Count(t => t == 1);

        /// <summary>The feature matrix and the one-hot encoders fitted on the categorical columns (unknown categories score as all zeros).</summary>
        public (FeatureMatrix<double> Features, OneHotEncoderModel[] Encoders) Features()
        {
            OneHotEncoderModel[] encoders = _categorical
                .Select((column, c) => new OneHotEncoder(new OneHotEncoderOptions { ColumnName = column, UnknownCategory = UnknownCategoryHandling.Ignore }).Fit(_categoryValues[c]))
                .ToArray();
            return (UpliftModelFile.Build(_numeric, _numericValues.ToArray(), encoders, _categoryValues, Outcome.Length), encoders);
        }

        public static ExperimentTable Read(ParsedOptions options, string treatmentColumn, string control, string? treated, string outcomeColumn, string[] numeric, string[] categorical, string? idColumn, Terminal terminal)
        {
            string path = CsvInput.ExistingInput(options);
            CsvReadOptions readOptions = CsvInput.ReadOptions(options);
            var report = new CsvReadReport();
            string[] text = [treatmentColumn, .. categorical, .. idColumn is null ? Array.Empty<string>() : [idColumn]];
            var schema = new CsvTableSchema { Text = text, Numbers = [outcomeColumn, .. numeric] };
            var table = new ExperimentTable(numeric, categorical) { Report = report };
            var ids = new List<string>();
            var arms = new List<string>();
            var outcome = new List<double>();
            Terminal.Step step = terminal.Begin($"Reading {Path.GetFileName(path)}");
            CsvInput.Guard(() =>
            {
                foreach (CsvTableRow row in CsvTableReader.Read(path, schema, report, readOptions))
                {
                    step.Row();
                    string arm = row.Text[0];
                    if (arm != control && treated is not null && arm != treated)
                    {
                        table.RowsOtherArms++;
                        continue;
                    }

                    arms.Add(arm);
                    ids.Add(idColumn is null ? row.Line.ToString(CultureInfo.InvariantCulture) : row.Text[^1]);
                    outcome.Add(row.Numbers[0]);
                    for (int c = 0; c < numeric.Length; c++)
                    {
                        table._numericValues.Add(row.Numbers[c + 1]);
                    }

                    for (int c = 0; c < categorical.Length; c++)
                    {
                        table._categoryValues[c].Add(row.Text[c + 1]);
                    }
                }
            });
            if (report.RejectedCount > 0 && !options.Has("skip-bad-rows") && numeric.Length > 0
                && report.RejectedRows[0] is { Column: var column } first && numeric.Contains(column, StringComparer.Ordinal) && first.Value is { Length: > 0 })
            {
                throw new BadInputException($"{first}; list text columns with --categorical ({report.RejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
            }

            CsvInput.CheckRejections(options, report, terminal.Text);
            table.RowsRead = report.RowsRead;

            string[] found = arms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (!found.Contains(control, StringComparer.Ordinal))
            {
                throw new BadInputException($"{path}: no row has {treatmentColumn} = '{control}' (the --control value); values found: {string.Join(", ", found)}.");
            }

            string[] others = found.Where(v => v != control).ToArray();
            if (others.Length == 0)
            {
                throw new BadInputException($"{path}: no treated rows ({treatmentColumn} = {(treated is null ? "anything but '" + control + "'" : "'" + treated + "'")}).");
            }

            if (others.Length > 1)
            {
                throw new BadInputException($"{path}: {treatmentColumn} holds several treated values ({string.Join(", ", others)}); choose one with --treated.");
            }

            table.ControlName = control;
            table.TreatedName = others[0];
            table.Ids = ids.ToArray();
            table.Outcome = outcome.ToArray();
            table.Treatment = arms.Select(a => a == control ? 0 : 1).ToArray();
            return table;
        }
    }
}
