using System.Collections.Immutable;
using Personalization.Features;

namespace Personalization.Cli;

internal sealed partial class UpliftCommand
{
    /// <summary>The rows of one control and one treated arm, read by <see cref="ExperimentCsvReader"/>: ids, 0/1 treatment, outcome and features.</summary>
    private sealed class ExperimentTable
    {
        private readonly ExperimentCsvData _data;

        private ExperimentTable(ExperimentCsvData data, string outcomeColumn, CsvReadReport report)
        {
            _data = data;
            Report = report;
            Ids = [.. data.Ids];
            Treatment = data.Treatment.ToArray();
            Outcome = data.Outcome(outcomeColumn).ToArray();
            ControlName = data.ArmNames[0];
            TreatedName = data.ArmNames[1];
        }

        public string[] Ids { get; }

        public int[] Treatment { get; }

        public double[] Outcome { get; }

        public string ControlName { get; }

        public string TreatedName { get; }

        public long RowsRead => Report.RowsRead;

        public CsvReadReport Report { get; }

        public long RowsOtherArms => _data.RowsOtherArms;

        public int ControlRows => _data.ArmSizes[0];

        public int TreatedRows => _data.ArmSizes[1];

        /// <summary>The feature matrix and the one-hot encoders fitted on the categorical columns (unknown categories score as all zeros).</summary>
        public (FeatureMatrix<double> Features, OneHotEncoderModel[] Encoders) Features()
        {
            (FeatureMatrix<double> features, ImmutableArray<OneHotEncoderModel> encoders) = _data.FitFeatures();
            return (features, [.. encoders]);
        }

        public static ExperimentTable Read(ParsedOptions options, string treatmentColumn, string control, string? treated, string outcomeColumn, string[] numeric, string[] categorical, string? idColumn, Terminal terminal)
        {
            string path = CsvInput.ExistingInput(options);
            CsvReadOptions readOptions = CsvInput.ReadOptions(options);
            var report = new CsvReadReport();
            var schema = new ExperimentCsvSchema
            {
                TreatmentColumn = treatmentColumn,
                ControlArm = control,
                TreatmentArms = treated is null || treated == control ? null : [treated],
                OutcomeColumns = [outcomeColumn],
                NumericColumns = numeric,
                CategoricalColumns = categorical,
                IdColumn = idColumn,
            };
            Terminal.Step step = terminal.Begin($"Reading {Path.GetFileName(path)}");
            ExperimentCsvData? data = null;
            CsvInput.Guard(() => data = ExperimentCsvReader.Read(path, schema, report, readOptions, new RowProgress(step)));
            if (report.RejectedCount > 0 && !options.Has("skip-bad-rows") && numeric.Length > 0
                && report.RejectedRows[0] is { Column: var column } first && numeric.Contains(column, StringComparer.Ordinal) && first.Value is { Length: > 0 })
            {
                throw new BadInputException($"{first}; list text columns with --categorical ({report.RejectedCount:N0} malformed row(s); fix them or pass --skip-bad-rows).");
            }

            CsvInput.CheckRejections(options, report, terminal.Text);
            if (data!.ArmSizes[0] == 0)
            {
                string[] found = [.. data.ArmNames.Where((_, a) => data.ArmSizes[a] > 0).Order(StringComparer.Ordinal)];
                throw new BadInputException($"{path}: no row has {treatmentColumn} = '{control}' (the --control value); values found: {string.Join(", ", found)}.");
            }

            if (data.ArmNames.Count < 2 || data.ArmSizes[1] == 0 || treated == control)
            {
                throw new BadInputException($"{path}: no treated rows ({treatmentColumn} = {(treated is null ? "anything but '" + control + "'" : "'" + treated + "'")}).");
            }

            if (data.ArmNames.Count > 2)
            {
                throw new BadInputException($"{path}: {treatmentColumn} holds several treated values ({string.Join(", ", data.ArmNames.Skip(1))}); choose one with --treated.");
            }

            return new ExperimentTable(data, outcomeColumn, report);
        }

        /// <summary>Advances the terminal's row counter as the reader accepts rows.</summary>
        private sealed class RowProgress(Terminal.Step step) : IProgress<long>
        {
            public void Report(long value) => step.Row();
        }
    }
}
