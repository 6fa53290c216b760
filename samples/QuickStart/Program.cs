using Personalization;

// Three customers, three RFM features (recency days, orders, spend).
var features = new FeatureMatrix<double>(
    [12, 5, 830.0, 200, 1, 35.5, 40, 2, 120.0],
    rowCount: 3,
    columnCount: 3,
    columnNames: ["recency", "frequency", "monetary"],
    rowIds: ["C-1001", "C-1002", "C-1003"]);

features.ThrowIfEmptyOrNotFinite(nameof(features)); // names the first NaN by row and column
for (int r = 0; r < features.RowCount; r++)
{
    ReadOnlySpan<double> row = features.Row(r); // a view, no copy
    Console.WriteLine($"{features.RowIds![r]}: monetary {row[features.ColumnIndex("monetary")]}");
}
