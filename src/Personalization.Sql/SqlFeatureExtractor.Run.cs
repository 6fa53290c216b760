using System.Data.Common;
using Personalization.Features;
using Personalization.Sql.Internal;

namespace Personalization.Sql;

public sealed partial class SqlFeatureExtractor
{
    /// <summary>The rows of one feature query: ids, row-major features and the counts of its counts row.</summary>
    private readonly record struct Scan(List<string> Ids, double[] Values, long Read, long Skipped, long Rejected, bool Ordered);

    /// <summary>One extraction on an open connection: describe, bind, query, stream, report.</summary>
    private sealed class Run(SqlFeatureExtractor owner, DbConnection connection, SqlDialect dialect, SqlTransactionSource source, string? pattern, SqlReadReport report, CancellationToken cancellationToken)
    {
        private readonly SqlSourceOptions _options = owner.Options;
        private readonly string _relation = source.Relation(dialect, pattern, owner.Options.CsvSeparator);
        private readonly string _sourceName = pattern ?? source.Description;

        public FeatureMatrix<double> Execute()
        {
            bool csvFile = source.FileKind == TransactionFileKind.Csv && pattern is not null;
            if (csvFile)
            {
                ClearRejectTables();
            }

            CheckFiles();
            List<SourceColumn> columns = Describe(_relation);
            LineExpressions text = Bind(columns);

            // A CSV file with ISO 8601 timestamps is first read typed (DuckDB converts while it parses). A value that does
            // not convert lands in the reject tables as a CAST row; then the run reads the file again as text, where every
            // rule names the row's field and value exactly as the in-memory loader does.
            if (csvFile && dialect is DuckDBDialect && _options.Mapping.TimestampFormats is null)
            {
                string typedRelation = TypedCsvRelation(columns, text);
                LineExpressions typed = Bind(Describe(typedRelation));
                Scan fast = Query(typedRelation, typed);
                if (CastRejections() == 0)
                {
                    return Finish(fast, typedRelation, typed);
                }

                ClearRejectTables();
            }

            return Finish(Query(_relation, text), _relation, text);
        }

        private Scan Query(string relation, LineExpressions e)
        {
            var parameters = new List<(string Name, object Value)>();
            string sql = FeatureQuery.Build(dialect, relation, e, owner.FeatureOptions, owner.FeatureNames, parameters);
            IReadOnlyList<string> names = owner.FeatureNames;
            double undefined = owner.FeatureOptions.UndefinedValue;
            int width = names.Count;
            var ids = new List<string>();
            double[] values = new double[Math.Max(width, 1) * 1024];
            long read = 0, skipped = 0, rejected = 0;
            bool ordered = true;
            using (DbCommand command = Command(sql))
            {
                foreach ((string name, object value) in parameters)
                {
                    dialect.AddParameter(command, name, value);
                }

                using CancellationTokenRegistration registration = cancellationToken.Register(command.Cancel);
                try
                {
                    using DbDataReader reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        if (reader.IsDBNull(0))
                        {
                            // The one row without a customer id carries the counts (and no features).
                            read = reader.GetInt64(1);
                            skipped = reader.GetInt64(2);
                            rejected = reader.GetInt64(3);
                            continue;
                        }

                        int row = ids.Count;
                        if ((row + 1) * width > values.Length)
                        {
                            Array.Resize(ref values, values.Length * 2);
                        }

                        string id = reader.GetString(0);
                        ordered &= row == 0 || string.CompareOrdinal(ids[row - 1], id) < 0;
                        ids.Add(id);
                        for (int j = 0; j < width; j++)
                        {
                            int column = FeatureQuery.CountColumns + j;
                            values[(row * width) + j] = reader.IsDBNull(column) ? undefined : reader.GetDouble(column);
                        }
                    }
                }
                catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidDataException($"{dialect.Name} failed computing the features of {source.Description}: {ex.Message}", ex);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return new Scan(ids, values, read, skipped, rejected, ordered);
        }

        private FeatureMatrix<double> Finish(Scan scan, string relation, LineExpressions e)
        {
            (List<string> ids, double[] values, long read, long skipped, long rejected, bool ordered) = scan;
            IReadOnlyList<string> names = owner.FeatureNames;
            int width = names.Count;
            report.AddSource(_sourceName);
            bool rejectMissing = _options.MissingCustomerId == MissingCustomerIdHandling.Reject;
            report.Add(read, read - skipped - rejected, rejectMissing ? 0 : skipped, rejectMissing ? rejected + skipped : rejected);
            if (source.FileKind == TransactionFileKind.Csv && pattern is not null)
            {
                CsvStructuralRejections();
            }

            if (rejected > 0 || (skipped > 0 && _options.MissingCustomerId != MissingCustomerIdHandling.Skip))
            {
                DescribeRejections(relation, e, includeMissingCustomer: _options.MissingCustomerId != MissingCustomerIdHandling.Skip);
            }

            if (skipped > 0 && _options.MissingCustomerId == MissingCustomerIdHandling.Fail)
            {
                throw new InvalidDataException($"{skipped} rows of {source.Description} have no customer id (column '{_options.Mapping.CustomerId}'); fill them in, or read with SqlSourceOptions.MissingCustomerId = Skip or Reject.");
            }

            int n = ids.Count;
            Array.Resize(ref values, n * width);
            FeatureMatrix<double> result = FeatureMatrix<double>.FromOwnedArray(values, n, width, names, ids);
            return ordered ? result : SortByOrdinalId(result, ids);
        }

        /// <summary>
        /// The typed read of a CSV file: the timestamp, quantity, unit price and discount columns bound by
        /// <paramref name="text"/> converted by DuckDB's reader, every other column of <paramref name="columns"/> text.
        /// </summary>
        private string TypedCsvRelation(List<SourceColumn> columns, LineExpressions text)
        {
            var typed = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string field, string column, _) in text.Raw)
            {
                string? type = field switch
                {
                    "timestamp" => "TIMESTAMP",
                    "quantity" or "unit price" or "discount percent" => "DOUBLE",
                    _ => null,
                };
                if (type is not null && column.Length > 0)
                {
                    typed[column] = type;
                }
            }

            var types = new List<(string Column, string Type)>(columns.Count);
            foreach (SourceColumn column in columns)
            {
                types.Add((column.Name, typed.GetValueOrDefault(column.Name, "VARCHAR")));
            }

            return source.TypedCsvRelation(pattern, _options.CsvSeparator, types);
        }

        /// <summary>
        /// Drops DuckDB's reject tables of this connection, so that the rows in them come from this run's scans only
        /// (DuckDB records a scan there only when it rejected something, and keeps the tables between statements).
        /// </summary>
        private void ClearRejectTables()
        {
            foreach (string table in (string[])[DuckDBDialect.RejectsTable, DuckDBDialect.RejectsScanTable])
            {
                using DbCommand drop = Command("DROP TABLE IF EXISTS " + table);
                drop.ExecuteNonQuery();
            }
        }

        /// <summary>The values of the latest scan that DuckDB's typed CSV reader could not convert.</summary>
        private long CastRejections()
        {
            using DbCommand count = Command(
                $"SELECT COUNT(*) FROM {DuckDBDialect.RejectsTable} AS e WHERE e.error_type = 'CAST' AND e.scan_id = (SELECT MAX(scan_id) FROM {DuckDBDialect.RejectsScanTable})");
            return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Checks the files, describes the source, binds the mapping and generates the statement (no scan yet).</summary>
        public (string Sql, List<(string Name, object Value)> Parameters, LineExpressions Lines) Plan()
        {
            CheckFiles();
            LineExpressions e = Bind(Describe(_relation));
            var parameters = new List<(string Name, object Value)>();
            string sql = FeatureQuery.Build(dialect, _relation, e, owner.FeatureOptions, owner.FeatureNames, parameters);
            return (sql, parameters, e);
        }

        /// <summary>A glob must match at least one file (a missing file or folder was checked by the source).</summary>
        private void CheckFiles()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (pattern is not null && SqlTransactionSource.IsGlob(pattern))
            {
                using DbCommand glob = Command("SELECT COUNT(*) FROM glob(" + dialect.ParameterMarker("pattern") + ")");
                dialect.AddParameter(glob, "pattern", pattern);
                if (Convert.ToInt64(glob.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    throw new FileNotFoundException($"No file matches '{pattern}'.", pattern);
                }
            }
        }

        private LineExpressions Bind(List<SourceColumn> columns) =>
            LineExpressions.Bind(dialect, _options.Mapping, columns, source.Description, FirstValue);

        /// <summary>Reorders rows by ordinal customer id when the engine's collation ordered them otherwise (say a DuckDB
        /// database with another default collation); a dialect's <see cref="SqlDialect.OrdinalText"/> normally makes this a no-op.</summary>
        private static FeatureMatrix<double> SortByOrdinalId(FeatureMatrix<double> matrix, List<string> ids)
        {
            int[] order = new int[ids.Count];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            string[] keys = ids.ToArray();
            Array.Sort(keys, order, StringComparer.Ordinal);
            return matrix.SelectRows(order);
        }

        private DbCommand Command(string sql)
        {
            DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = _options.CommandTimeoutSeconds;
            return command;
        }

        private List<SourceColumn> Describe(string relation)
        {
            try
            {
                using DbCommand command = Command($"SELECT * FROM {relation} AS s {dialect.Limit(0)}");
                using DbDataReader reader = command.ExecuteReader();
                var columns = new List<SourceColumn>(reader.FieldCount);
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    columns.Add(new SourceColumn(reader.GetName(i), SourceColumn.KindOf(reader.GetFieldType(i)), reader.GetDataTypeName(i)));
                }

                return columns;
            }
            catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidDataException($"{char.ToUpperInvariant(source.Description[0])}{source.Description[1..]} cannot be read on {dialect.Name}: {ex.Message}", ex);
            }
        }

        private string FirstValue(SourceColumn column)
        {
            string col = "s." + dialect.QuoteIdentifier(column.Name);
            using DbCommand command = Command($"SELECT {dialect.ToText(col)} FROM {_relation} AS s WHERE {col} IS NOT NULL {dialect.Limit(1)}");
            return command.ExecuteScalar() as string ?? "(all values are NULL)";
        }

        private void DescribeRejections(string relation, LineExpressions e, bool includeMissingCustomer)
        {
            int limit = _options.MaxRejectedRowsKept;
            if (limit == 0)
            {
                return;
            }

            using DbCommand command = Command(FeatureQuery.Rejections(dialect, relation, e, includeMissingCustomer, limit));
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                int bad = Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                (string field, string column, _) = e.Raw[bad];
                string? value = reader.IsDBNull(1 + bad) ? null : reader.GetValue(1 + bad).ToString();
                report.Describe(new RejectedRow(_sourceName, 0, column, Reason(bad), value), limit);
                _ = field;
            }
        }

        private string Reason(int bad) => bad switch
        {
            0 => "The order id is missing; every transaction needs one.",
            1 => _options.Mapping.TimestampFormats is null
                ? "The timestamp is missing or not a date and time; write it in ISO 8601, such as 2011-12-09 12:50:00."
                : $"The timestamp is missing or matches none of the formats {string.Join(", ", _options.Mapping.TimestampFormats)}.",
            2 => "The quantity is missing or not a finite number; write it with '.' as the decimal separator.",
            3 => "The unit price is missing, not a finite number or negative; prices must be at least 0 (record a refund as a return with a negative quantity).",
            4 => "The discount percent is not a number between 0 and 100.",
            5 => "The return flag is not a boolean; write true/false, yes/no or 1/0.",
            _ => "The customer id is missing; every transaction needs one.",
        };

        private void CsvStructuralRejections()
        {
            // The reject tables hold this run's scans only (see ClearRejectTables); the feature query is the latest of them.
            string latest = $"e.scan_id = (SELECT MAX(scan_id) FROM {DuckDBDialect.RejectsScanTable})";
            // DuckDB may record several errors for one line (one per surplus field): count lines.
            using DbCommand count = Command($"SELECT COUNT(*) FROM (SELECT DISTINCT e.file_id, e.line FROM {DuckDBDialect.RejectsTable} AS e WHERE {latest}) AS l");
            long structural = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (structural == 0)
            {
                return;
            }

            report.Add(structural, 0, 0, structural);
            using DbCommand command = Command(
                $"SELECT sc.file_path, e.line, MIN(e.column_name), MIN(e.error_message), MIN(e.csv_line) FROM {DuckDBDialect.RejectsTable} AS e "
                + $"JOIN {DuckDBDialect.RejectsScanTable} AS sc ON e.scan_id = sc.scan_id AND e.file_id = sc.file_id WHERE {latest} "
                + $"GROUP BY sc.file_path, e.line ORDER BY sc.file_path, e.line {dialect.Limit(_options.MaxRejectedRowsKept)}");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                report.Describe(
                    new RejectedRow(
                        reader.GetString(0),
                        Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                        reader.IsDBNull(2) ? "(record)" : reader.GetString(2),
                        "DuckDB could not split the line into the header's fields: " + (reader.IsDBNull(3) ? "malformed record" : reader.GetString(3)),
                        reader.IsDBNull(4) ? null : reader.GetString(4)),
                    _options.MaxRejectedRowsKept);
            }
        }
    }
}
