namespace Personalization.Features.Tests;

/// <summary>Class 3 of issue 16: UTC instants, naive times in one stated zone, one date format per file.</summary>
public sealed class InstantTests
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price\n";

    [Theory]
    [InlineData("2011-12-09", 2011, 12, 9, 0, 0)]
    [InlineData("2011-12-09 12:50", 2011, 12, 9, 12, 50)]
    [InlineData("2011-12-09 12:50:00", 2011, 12, 9, 12, 50)]
    [InlineData("2011-12-09T12:50:00.5", 2011, 12, 9, 12, 50)]
    [InlineData("2011-12-09T12:50:00Z", 2011, 12, 9, 12, 50)]
    [InlineData("2011-12-09T13:50:00+01:00", 2011, 12, 9, 12, 50)]
    [InlineData("2011-12-09 07:50:00-05:00", 2011, 12, 9, 12, 50)]
    public void Read_Iso8601_ReturnsUtcInstant(string text, int y, int mo, int d, int h, int mi)
    {
        Transaction t = Assert.Single(TestData.ReadTransactions(Header + $"c1,o1,{text},1,1\n", out _));

        Assert.Equal(DateTimeKind.Utc, t.Timestamp.Kind);
        Assert.Equal(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc), t.Timestamp.AddTicks(-(t.Timestamp.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Read_NaiveTimeWithZone_TakenInThatZone()
    {
        TimeZoneInfo newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        Transaction t = Assert.Single(TestData.ReadTransactions(Header + "c1,o1,2011-12-09 12:50:00,1,1\nc1,o2,2011-12-09T12:50:00Z,1,1\n", out _, options: new CsvReadOptions { TimeZone = newYork }).Take(1));

        Assert.Equal(new DateTime(2011, 12, 9, 17, 50, 0, DateTimeKind.Utc), t.Timestamp);
    }

    [Fact]
    public void Read_WallClockSkippedByDaylightSaving_Rejected()
    {
        TimeZoneInfo newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        List<Transaction> rows = TestData.ReadTransactions(Header + "c1,o1,2024-03-10 02:30:00,1,1\n", out CsvReadReport report, options: new CsvReadOptions { TimeZone = newYork });

        Assert.Empty(rows);
        Assert.Contains("does not exist", Assert.Single(report.RejectedRows).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SlashDateWithIsoDefault_RejectedNotGuessed()
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + "c1,o1,01/02/2011,1,1\n", out CsvReadReport report);

        Assert.Empty(rows);
        RejectedRow r = Assert.Single(report.RejectedRows);
        Assert.Equal(("timestamp", "01/02/2011"), (r.Column, r.Value));
    }

    [Fact]
    public void Read_DateFormat_UsedForEveryRowAndNothingElse()
    {
        var options = new CsvReadOptions { DateFormat = "dd/MM/yyyy" };

        List<Transaction> rows = TestData.ReadTransactions(Header + "c1,o1,01/02/2011,1,1\nc1,o2,2011-02-01,1,1\nc1,o3,13/01/2011,1,1\n", out CsvReadReport report, options: options);

        Assert.Equal([new DateTime(2011, 2, 1), new DateTime(2011, 1, 13)], rows.Select(t => t.Timestamp));
        Assert.Equal(3L, Assert.Single(report.RejectedRows).Line);
    }

    [Fact]
    public void Read_OnlineRetailMapping_HasOneFixedFormat()
    {
        const string header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
        List<Transaction> rows = TestData.ReadTransactions(
            header + "1,A,x,1,2010-12-01 08:26:00,1,17850,UK\n2,A,x,1,12/1/2010 8:26,1,17850,UK\n3,A,x,1,1/12/2010 8:26,1,17850,UK\n",
            out CsvReadReport report,
            TransactionCsvMapping.OnlineRetail);

        Assert.Single(rows);
        Assert.Equal([3L, 4L], report.RejectedRows.Select(r => r.Line));
        Assert.Equal(["yyyy-MM-dd HH:mm:ss"], TransactionCsvMapping.OnlineRetail.TimestampFormats!);
    }

    [Fact]
    public void Read_TwoTimestampFormats_ThrowsArgumentException()
    {
        var mapping = TransactionCsvMapping.Default with { TimestampFormats = ["M/d/yyyy", "d/M/yyyy"] };

        var ex = Assert.Throws<ArgumentException>(() => TestData.ReadTransactions(Header, out _, mapping));

        Assert.Equal("TimestampFormats", ex.ParamName);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31 23:59:59")]
    [InlineData("9999-12-31")]
    public void Read_ImplausibleDate_RejectedWithBound(string text)
    {
        List<Transaction> rows = TestData.ReadTransactions(Header + $"c1,o1,{text},1,1\n", out CsvReadReport report);

        Assert.Empty(rows);
        Assert.Contains("outside the accepted range 1900-01-01 to 2100-01-01", Assert.Single(report.RejectedRows).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadDateFormatOption_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TestData.ReadTransactions(Header, out _, options: new CsvReadOptions { DateFormat = " " }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.ReadTransactions(Header, out _, options: new CsvReadOptions { EarliestDate = new DateTime(2000, 1, 1), LatestDate = new DateTime(1999, 1, 1) }));
    }

    [Fact]
    public void Read_CustomerSignupDate_UsesSameModel()
    {
        Customer c = Assert.Single(CustomerCsvReader.Read(TestData.Csv("customer_id,signup_date\nc1,2011-12-09T12:00:00+02:00\nc2,0001-01-01\n"), "c.csv", new CsvReadReport()));

        Assert.Equal(new DateTime(2011, 12, 9, 10, 0, 0, DateTimeKind.Utc), c.SignupDate);
        Assert.Equal(DateTimeKind.Utc, c.SignupDate!.Value.Kind);
    }
}
