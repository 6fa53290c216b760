using System.IO.Compression;
using Personalization.Features;

namespace Personalization.Features.Tests;

public sealed class TransactionCsvReaderTests
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price,channel,category,discount_percent,is_return\n";

    [Fact]
    public void Read_ValidRows_ParsesEveryField()
    {
        List<Transaction> rows = TestData.ReadTransactions(
            Header + "c1,o1,2024-01-02 10:30:00,2,3.5,online,Apparel,10,false\nc2,o2,2024-01-03T08:00:00,1.5,10,store,,,1\n",
            out CsvReadReport report);

        Assert.Equal(2, rows.Count);
        Transaction a = rows[0];
        Assert.Equal(("c1", "o1", new DateTime(2024, 1, 2, 10, 30, 0), 2.0, 3.5), (a.CustomerId, a.OrderId, a.Timestamp, a.Quantity, a.UnitPrice));
        Assert.Equal(("online", "Apparel", 10.0, false), (a.Channel, a.Category, a.DiscountPercent, a.IsReturn));
        Assert.Equal(2 * 3.5 * 0.9, a.Amount, 12);
        Assert.Null(rows[1].Category);
        Assert.True(rows[1].IsReturn);
        Assert.Equal((2L, 2L, 0L, 0L), (report.RowsRead, report.RowsAccepted, report.RejectedCount, report.SkippedMissingCustomerId));
    }

    [Fact]
    public void Read_CultureSensitiveNumber_RejectedWithLineAndColumn()
    {
        // "3,5" is split into two fields by the separator; a quoted "3,5" is a decimal comma: rejected.
        List<Transaction> rows = TestData.ReadTransactions(Header + "c1,o1,2024-01-02,2,\"3,5\",,,,\n", out CsvReadReport report);

        Assert.Empty(rows);
        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal(("test.csv", 2L, "unit_price"), (r.Source, r.Line, r.Column));
        Assert.Contains("not a finite number", r.Reason, StringComparison.Ordinal);
        Assert.Equal("3,5", r.Value);
    }

    [Theory]
    [InlineData("c1,o1,yesterday,2,3.5,,,,", "timestamp", "does not match ISO 8601")]
    [InlineData("c1,o1,2024-01-02,two,3.5,,,,", "quantity", "not a finite number")]
    [InlineData("c1,o1,2024-01-02,2,-1,,,,", "unit_price", "negative")]
    [InlineData("c1,o1,2024-01-02,2,NaN,,,,", "unit_price", "not a finite number")]
    [InlineData("c1,,2024-01-02,2,3.5,,,,", "order_id", "order id is missing")]
    [InlineData("c1,o1,2024-01-02,2,3.5,,,150,", "discount_percent", "between 0 and 100")]
    [InlineData("c1,o1,2024-01-02,2,3.5,,,,maybe", "is_return", "not a boolean")]
    public void Read_BadField_ReportsLineColumnAndReason(string row, string column, string reason)
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + "c0,o0,2024-01-01,1,1,,,,\n" + row + "\n", out CsvReadReport report);

        Assert.Single(rows);
        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal(3L, r.Line);
        Assert.Equal(column, r.Column);
        Assert.Contains(reason, r.Reason, StringComparison.Ordinal);
        Assert.Equal((2L, 1L, 1L), (report.RowsRead, report.RowsAccepted, report.RejectedCount));
    }

    [Fact]
    public void Read_MissingCustomerIdSkip_CountsRow()
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + ",o1,2024-01-02,2,3.5,,,,\nc2,o2,2024-01-02,1,1,,,,\n", out CsvReadReport report);

        Assert.Single(rows);
        Assert.Equal(1L, report.SkippedMissingCustomerId);
        Assert.Empty(report.RejectedRows);
    }

    [Fact]
    public void Read_MissingCustomerIdReject_ReportsLine()
    {
        var options = new CsvReadOptions { MissingCustomerId = MissingCustomerIdHandling.Reject };
        TestData.ReadTransactions(Header + "c1,o1,2024-01-02,2,3.5,,,,\n,o1,2024-01-02,2,3.5,,,,\n", out CsvReadReport report, options: options);

        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal((3L, "customer_id"), (r.Line, r.Column));
        Assert.Contains("customer id is missing", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingCustomerIdFail_ThrowsNamingFileAndLine()
    {
        var options = new CsvReadOptions { MissingCustomerId = MissingCustomerIdHandling.Fail };
        var ex = Assert.Throws<InvalidDataException>(() =>
            TestData.ReadTransactions(Header + "c1,o1,2024-01-02,2,3.5,,,,\n,o1,2024-01-02,2,3.5,,,,\n", out _, options: options));

        Assert.Contains("test.csv:3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("customer_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingRequiredColumn_ThrowsNamingColumn()
    {
        var ex = Assert.Throws<InvalidDataException>(() => TestData.ReadTransactions("customer_id,order_id,timestamp,quantity\nc1,o1,2024-01-01,1\n", out _));

        Assert.Contains("unit_price", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedQuoting_RejectedAsRecord()
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + "c1,o1,2024-01-02,2,3.5,,,,\nc2,\"o2\"x,2024-01-02,2,3.5,,,,\nc3,o3,2024-01-02,2,3.5,,,,\n", out CsvReadReport report);

        Assert.Equal(2, rows.Count);
        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal((3L, "(record)"), (r.Line, r.Column));
        Assert.Contains("malformed quoting", r.Reason, StringComparison.Ordinal);
        Assert.Equal(report.RowsRead, report.RowsAccepted + report.RejectedCount + report.SkippedMissingCustomerId);
    }

    [Fact]
    public void Read_OnlineRetailMapping_MarksCancellationsAndNormalizesIds()
    {
        const string csv = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
            + "536365,85123A,\"HEART, WHITE\",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n"
            + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n"
            + "536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom\n";
        List<Transaction> rows = TestData.ReadTransactions(csv, out CsvReadReport report, TransactionCsvMapping.OnlineRetail);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("17850", "85123A", "United Kingdom", false), (rows[0].CustomerId, rows[0].ProductId, rows[0].Region, rows[0].IsReturn));
        Assert.True(rows[1].IsReturn);
        Assert.False(rows[1].IsPurchase);
        Assert.Equal(1L, report.SkippedMissingCustomerId);
    }

    [Fact]
    public async Task ReadAsync_GzipFile_MatchesSyncRead()
    {
        string path = Path.Combine(Path.GetTempPath(), $"features-{Guid.NewGuid():N}.csv.gz");
        try
        {
            using (var file = File.Create(path))
            using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            {
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(Header + "c1,o1,2024-01-02,2,3.5,,,,\nc1,o2,bad,2,3.5,,,,\n");
                gz.Write(bytes);
            }

            var asyncReport = new CsvReadReport();
            var asyncRows = new List<Transaction>();
            await foreach (Transaction t in TransactionCsvReader.ReadAsync(path, asyncReport))
            {
                asyncRows.Add(t);
            }

            CsvLoadResult<Transaction> sync = TransactionCsvReader.ReadAll(path);
            Assert.Equal(sync.Records, asyncRows);
            Assert.Equal(path, Assert.Single(asyncReport.RejectedRows).Source);
            Assert.Equal(3L, asyncReport.RejectedRows[0].Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TransactionCsvReader.Read((string)null!, new CsvReadReport()));
        Assert.Throws<ArgumentNullException>(() => TransactionCsvReader.Read("x.csv", null!));
    }

    [Fact]
    public void Read_BadOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransactionCsvReader.Read("x.csv", new CsvReadReport(), options: new CsvReadOptions { Separator = '"' }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransactionCsvReader.Read("x.csv", new CsvReadReport(), options: new CsvReadOptions { MaxRejectedRowsKept = -1 }));
    }

    [Fact]
    public void Read_MaxRejectedRowsKept_CountsBeyondLimit()
    {
        var options = new CsvReadOptions { MaxRejectedRowsKept = 1 };
        TestData.ReadTransactions(Header + "c1,o1,x,2,3.5,,,,\nc1,o1,y,2,3.5,,,,\n", out CsvReadReport report, options: options);

        Assert.Single(report.RejectedRows);
        Assert.Equal(2L, report.RejectedCount);
    }
}
