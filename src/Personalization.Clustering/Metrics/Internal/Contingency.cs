namespace Personalization.Clustering.Internal;

/// <summary>A sparse contingency table between two labelings (rows: first labeling, columns: second).</summary>
internal sealed class Contingency
{
    private Contingency(Dictionary<long, long> cells, long[] rowSums, long[] columnSums)
    {
        Cells = cells;
        RowSums = rowSums;
        ColumnSums = columnSums;
    }

    /// <summary>Gets the non-zero cells keyed by (row &lt;&lt; 32) | column.</summary>
    public Dictionary<long, long> Cells { get; }

    public long[] RowSums { get; }

    public long[] ColumnSums { get; }

    public static Contingency Create(ReadOnlySpan<int> first, ReadOnlySpan<int> second)
    {
        int[] rows = LabelEncoding.Encode(first, out int rowCount);
        int[] columns = LabelEncoding.Encode(second, out int columnCount);
        var cells = new Dictionary<long, long>();
        var rowSums = new long[rowCount];
        var columnSums = new long[columnCount];
        for (int i = 0; i < rows.Length; i++)
        {
            long key = ((long)rows[i] << 32) | (uint)columns[i];
            cells[key] = cells.GetValueOrDefault(key) + 1;
            rowSums[rows[i]]++;
            columnSums[columns[i]]++;
        }

        return new Contingency(cells, rowSums, columnSums);
    }

    /// <summary>Returns the cells in ascending key order, so sums over them are deterministic.</summary>
    public KeyValuePair<long, long>[] OrderedCells()
    {
        var result = new KeyValuePair<long, long>[Cells.Count];
        int i = 0;
        foreach (KeyValuePair<long, long> cell in Cells)
        {
            result[i++] = cell;
        }

        Array.Sort(result, static (a, b) => a.Key.CompareTo(b.Key));
        return result;
    }
}
