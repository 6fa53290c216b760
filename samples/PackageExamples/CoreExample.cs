using Personalization;

namespace PackageExamples;

internal static class CoreExample
{
    public static void Run()
    {
        // <readme>
        // A dense row-major matrix with column names and row ids: the currency of every package.
        var features = new FeatureMatrix<double>(
            [12, 3, 250.0,
             90, 1, 40.0],
            rowCount: 2, columnCount: 3,
            columnNames: ["recency_days", "frequency", "monetary"],
            rowIds: ["C001", "C002"]);

        Console.WriteLine($"{features.RowCount} customers x {features.ColumnCount} features");
        Console.WriteLine($"{features.RowIds![1]}: {features[1, 2]} spent");
        // </readme>
    }
}
