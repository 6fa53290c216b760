using System.Text;
using System.Text.RegularExpressions;
using FsCheck.Xunit;

namespace Personalization.Features.Tests;

/// <summary>
/// Issue 16: valid files mutated (truncated, bytes flipped, separators, quotes and line breaks inserted) end in one
/// of two ways only: an <see cref="InvalidDataException"/> naming the source and a line, or a read whose accepted,
/// rejected and skipped rows add up to the rows read. Bounded and seeded, so CI checks the same cases every run.
/// </summary>
public sealed partial class MutationPropertyTests
{
    private static readonly byte[] s_transactions = Encoding.UTF8.GetBytes(
        "customer_id,order_id,timestamp,quantity,unit_price,channel,category,discount_percent,is_return\n"
        + "c1,o1,2024-01-02 10:30:00,2,3.5,online,Apparel,10,false\nc2,o2,2024-01-03T08:00:00Z,1.5,10,store,\"Home, Garden\",,1\n"
        + "c3,o3,2024-01-04T08:00:00+05:30,1,\"2.5\",,\"two\nlines\",,\n,o4,2024-01-05,1,1,,,,\nc4,o5,2024-01-05,1,1,app,Toys,5,no\n"
        + "M\u00fcller,o6,2024-01-06 23:59:59,3,0.5,,,,\nc5,o7,2024-01-07,-1,4,store,,,yes\n");

    private static readonly byte[] s_retail = Encoding.UTF8.GetBytes(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n"
        + "536366,22633,\"HAND WARMER, UNION JACK\",6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n"
        + "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527,United Kingdom\n536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom\n");

    private static readonly byte[] s_customers = Encoding.UTF8.GetBytes(
        "customer_id,signup_date,loyalty_tier,opt_in,region\nc1,2011-12-09,gold,true,north\nc2,,silver,no,\"South, East\"\nc3,2011-12-09T12:00:00Z,,1,\n");

    private static readonly byte[] s_experiment = Encoding.UTF8.GetBytes(
        "recency,history_segment,history,mens,womens,zip_code,newbie,channel,segment,visit,conversion,spend\n"
        + "10,\"2) $100 - $200\",142.44,1,0,Surburban,0,Phone,Womens E-Mail,0,0,0\n6,\"3) $200 - $350\",329.08,1,1,Rural,1,Web,No E-Mail,0,0,0\n"
        + "7,\"2) $100 - $200\",180.65,0,1,Surburban,1,Web,Womens E-Mail,0,0,0\n9,\"5) $500 - $750\",675.83,1,0,Rural,1,Web,Mens E-Mail,1,0,0\n");

    private static readonly byte[][] s_inserts = [","u8.ToArray(), "\""u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), ";"u8.ToArray(), "\"\""u8.ToArray(), [0xFF], [0xC3], [0]];

    [Property(MaxTest = 400, Replay = "(16016,2027)")]
    public void Read_MutatedTransactions_ThrowsWithLineOrCountsAddUp(int seed) => Check(s_transactions, seed, (s, r) => TransactionCsvReader.Read(s, "m.csv", r).Count());

    [Property(MaxTest = 300, Replay = "(16017,2027)")]
    public void Read_MutatedOnlineRetail_ThrowsWithLineOrCountsAddUp(int seed) =>
        Check(s_retail, seed, (s, r) => TransactionCsvReader.Read(s, "m.csv", r, TransactionCsvMapping.OnlineRetail, new CsvReadOptions { DetectSeparator = true }).Count());

    [Property(MaxTest = 300, Replay = "(16018,2027)")]
    public void Read_MutatedCustomers_ThrowsWithLineOrCountsAddUp(int seed) =>
        Check(s_customers, seed, (s, r) => CustomerCsvReader.Read(s, "m.csv", r, options: new CsvReadOptions { MissingCustomerId = MissingCustomerIdHandling.Reject }).Count());

    [Property(MaxTest = 300, Replay = "(16019,2027)")]
    public void Read_MutatedExperiment_ThrowsWithLineOrCountsAddUp(int seed) =>
        Check(s_experiment, seed, (s, r) => CsvTableReader.Read(s, "m.csv", new CsvTableSchema { Text = ["segment", "channel"], Numbers = ["recency", "visit", "spend"] }, r).Count());

    [Fact]
    public void Read_UnmutatedFiles_CountEveryRow()
    {
        var report = new CsvReadReport();
        Assert.Equal(6, TransactionCsvReader.Read(new MemoryStream(s_transactions), "t.csv", report).Count());
        Assert.Equal((7L, 1L, 0L), (report.RowsRead, report.SkippedMissingCustomerId, report.RejectedCount));
    }

    /// <summary>Applies one to three seeded mutations, reads, and checks the two allowed outcomes.</summary>
    private static void Check(byte[] valid, int seed, Func<Stream, CsvReadReport, int> read)
    {
        var rng = new Random(seed);
        byte[] bytes = Mutate(valid, rng);
        var report = new CsvReadReport();
        try
        {
            int accepted = read(new MemoryStream(bytes), report);
            Assert.Equal(report.RowsAccepted, accepted);
        }
        catch (InvalidDataException ex)
        {
            Assert.Matches(LinePrefix(), ex.Message);
            return;
        }

        Assert.Equal(report.RowsRead, report.RowsAccepted + report.RejectedCount + report.SkippedMissingCustomerId);
        Assert.All(report.RejectedRows, r => Assert.True(r.Line >= 2 && r.Reason.Length > 0, r.ToString()));
        int lines = 1 + bytes.Count(b => b == (byte)'\n');
        Assert.InRange(report.RowsRead, 0, lines);
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var bytes = new List<byte>(valid);
        int count = 1 + rng.Next(3);
        for (int m = 0; m < count && bytes.Count > 0; m++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(4))
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 2:
                    bytes.InsertRange(at, s_inserts[rng.Next(s_inserts.Length)]);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"^m\.csv:\d+: ", RegexOptions.CultureInvariant)]
    private static partial Regex LinePrefix();
}
