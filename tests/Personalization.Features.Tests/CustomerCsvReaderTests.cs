using Personalization.Features;

namespace Personalization.Features.Tests;

public sealed class CustomerCsvReaderTests
{
    [Fact]
    public void Read_ValidAndBadRows_ParsesAndReports()
    {
        const string csv = "customer_id,signup_date,loyalty_tier,opt_in,region\n"
            + "c1,2023-05-01,Gold,yes,North\n"
            + "c2,,,,\n"
            + "c3,not-a-date,Gold,1,\n"
            + "c4,2023-05-01,Gold,perhaps,\n"
            + ",2023-05-01,Gold,1,\n";
        var report = new CsvReadReport();
        List<Customer> rows = CustomerCsvReader.Read(TestData.Csv(csv), "customers.csv", report).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(new Customer("c1") { SignupDate = new DateTime(2023, 5, 1), LoyaltyTier = "Gold", OptIn = true, Region = "North" }, rows[0]);
        Assert.Equal(new Customer("c2"), rows[1]);
        Assert.Equal(2, report.RejectedRows.Count);
        Assert.Equal((4L, "signup_date"), (report.RejectedRows[0].Line, report.RejectedRows[0].Column));
        Assert.Equal((5L, "opt_in"), (report.RejectedRows[1].Line, report.RejectedRows[1].Column));
        Assert.Equal(1L, report.SkippedMissingCustomerId);
    }
}
