namespace Personalization.Features.Tests;

/// <summary>Issue 16, class 9 and 4: every row is accepted, rejected with a reason, or counted as skipped.</summary>
public sealed class RowAccountingTests
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price\n";

    [Theory]
    [InlineData("\"   \"")]
    [InlineData("\"\t\"")]
    public void Read_QuotedWhitespaceCustomerId_Rejected(string id)
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + $"{id},o1,2024-01-02,1,1\n", out CsvReadReport report);

        Assert.Empty(rows);
        Assert.Contains("blank", Assert.Single(report.RejectedRows).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\" c1\"")]
    [InlineData("\"c1 \"")]
    public void Read_QuotedIdWithSurroundingWhitespace_RejectedNotMerged(string id)
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + $"c1,o1,2024-01-02,1,1\n{id},o2,2024-01-02,1,1\n", out CsvReadReport report);

        Assert.Equal("c1", Assert.Single(rows).CustomerId);
        Assert.Contains("whitespace at its start or end", Assert.Single(report.RejectedRows).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnquotedSpacesAroundId_TrimmedAsCsvWhitespace()
    {
        Assert.Equal("c1", Assert.Single(TestData.ReadTransactions(Header + " c1 ,o1,2024-01-02,1,1\n", out _)).CustomerId);
    }

    [Fact]
    public void Read_GzipBytesInPlainCsv_SaysToNameItGz()
    {
        using var memory = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(Header + "c1,o1,2024-01-02,1,1\n"));
        }

        var ex = Assert.Throws<InvalidDataException>(() => TransactionCsvReader.Read(new MemoryStream(memory.ToArray()), "x.csv", new CsvReadReport()).ToList());

        Assert.Contains("looks gzip-compressed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_NotPartOfFirstColumn()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Header + "c1,o1,2024-01-02,1,1\n")];

        Assert.Single(TransactionCsvReader.Read(new MemoryStream(bytes), "bom.csv", new CsvReadReport()));
    }

    [Fact]
    public void Read_QuotedWhitespaceCustomer_Rejected()
    {
        var report = new CsvReadReport();

        Assert.Empty(CustomerCsvReader.Read(TestData.Csv("customer_id,region\n\"  \",x\n"), "c.csv", report));
        Assert.Equal((1L, 1L), (report.RowsRead, report.RejectedCount));
    }

    [Theory]
    [InlineData("c1,o1,2024-01-02,1,1,extra")]
    [InlineData("c1,o1,2024-01-02,1")]
    public void Read_WrongFieldCount_RejectedWithReason(string row)
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + "c0,o0,2024-01-01,1,1\n" + row + "\nc2,o2,2024-01-03,1,1\n", out CsvReadReport report);

        Assert.Equal(2, rows.Count);
        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal((3L, "(record)"), (r.Line, r.Column));
        Assert.Contains("different number of fields than the header (5)", r.Reason, StringComparison.Ordinal);
        Assert.Equal(3L, report.RowsRead);
    }

    [Fact]
    public void Read_QuotedNewlineInField_KeptInValueAndLinesCounted()
    {
        List<Transaction> rows = TestData.ReadTransactions(
            "customer_id,order_id,timestamp,quantity,unit_price,category\nc1,o1,2024-01-02,1,1,\"two\nlines\"\nc2,o2,bad,1,1,x\n",
            out CsvReadReport report);

        Assert.Equal("two\nlines", Assert.Single(rows).Category);
        Assert.Equal(4L, Assert.Single(report.RejectedRows).Line);
    }

    [Fact]
    public void Read_DetectSeparator_ReadsSemicolonFile()
    {
        List<Transaction> rows = TestData.ReadTransactions(
            "customer_id;order_id;timestamp;quantity;unit_price\nc1;o1;2024-01-02;1;\"2.5\"\n", out _, options: new CsvReadOptions { DetectSeparator = true });

        Assert.Equal(2.5, Assert.Single(rows).UnitPrice);
    }

    [Fact]
    public void Read_SemicolonFileWithComma_ErrorSuggestsSeparator()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TestData.ReadTransactions("customer_id;order_id;timestamp;quantity;unit_price\nc1;o1;2024-01-02;1;2\n", out _));

        Assert.Contains("--delimiter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvTableReader_ExperimentRows_CountsAddUp()
    {
        const string csv = "segment,visit,spend,note\nA,1,2.5,\"x, y\"\nB,0,0,\"multi\nline\"\n,1,1,blank arm\nA,yes,1,bad number\nA,1,1\nB,1,NaN,nan\n";
        var report = new CsvReadReport();
        var schema = new CsvTableSchema { Text = ["segment"], Numbers = ["visit", "spend"] };

        List<CsvTableRow> rows = CsvTableReader.Read(TestData.Csv(csv), "e.csv", schema, report).ToList();

        Assert.Equal([2L, 3L], rows.Select(r => r.Line));
        Assert.Equal(["A", "B"], rows.Select(r => r.Text[0]));
        Assert.Equal([1.0, 2.5], rows[0].Numbers);
        Assert.Equal([5L, 6L, 7L, 8L], report.RejectedRows.Select(r => r.Line));
        Assert.Equal(6L, report.RowsRead);
        Assert.Equal(report.RowsRead, report.RowsAccepted + report.RejectedCount + report.SkippedMissingCustomerId);
    }

    [Fact]
    public void CsvTableReader_BadSchema_Throws()
    {
        Assert.Throws<ArgumentException>(() => CsvTableReader.Read(TestData.Csv("a\n"), "e.csv", new CsvTableSchema(), new CsvReadReport()));
        Assert.Throws<ArgumentException>(() => CsvTableReader.Read(TestData.Csv("a\n"), "e.csv", new CsvTableSchema { Text = ["a"], Numbers = ["a"] }, new CsvReadReport()));
        Assert.Throws<InvalidDataException>(() => CsvTableReader.Read(TestData.Csv("a\n1\n"), "e.csv", new CsvTableSchema { Numbers = ["b"] }, new CsvReadReport()).ToList());
    }
}
