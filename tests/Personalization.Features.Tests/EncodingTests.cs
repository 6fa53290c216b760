using System.Text;

namespace Personalization.Features.Tests;

/// <summary>Class 2 of issue 16: bytes that are not UTF-8 are an error naming line and column, or read in the encoding named.</summary>
public sealed class EncodingTests
{
    private static readonly byte[] s_latin1Customers =
        [.. "customer_id,region\n"u8, .. "M"u8, 0xFC, .. "ller,north\n"u8, .. "M"u8, 0xF6, .. "ller,south\n"u8];

    [Fact]
    public void Read_InvalidUtf8_ThrowsNamingLineAndColumn()
    {
        var report = new CsvReadReport();

        var ex = Assert.Throws<InvalidDataException>(() => CustomerCsvReader.Read(new MemoryStream(s_latin1Customers), "people.csv", report).ToList());

        Assert.StartsWith("people.csv:2: column 1 'customer_id': byte 2 (0xFC)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--encoding", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8InHeader_ThrowsNamingLine1()
    {
        byte[] bytes = [.. "customer_id,regi"u8, 0xF6, .. "n\nc1,x\n"u8];

        var ex = Assert.Throws<InvalidDataException>(() => CustomerCsvReader.Read(new MemoryStream(bytes), "h.csv", new CsvReadReport()).ToList());

        Assert.StartsWith("h.csv:1: column 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Latin1_KeepsDistinctCustomers()
    {
        var report = new CsvReadReport();

        List<Customer> customers = CustomerCsvReader.Read(new MemoryStream(s_latin1Customers), "people.csv", report, options: new CsvReadOptions { Encoding = Encoding.Latin1 }).ToList();

        Assert.Equal(["Müller", "Möller"], customers.Select(c => c.Id));
    }

    [Fact]
    public void Read_Windows1252_ReadsEuroSign()
    {
        Encoding cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        byte[] bytes = [.. "customer_id,region\n"u8, .. "c1,"u8, 0x80, .. "zone\n"u8];

        Customer c = Assert.Single(CustomerCsvReader.Read(new MemoryStream(bytes), "w.csv", new CsvReadReport(), options: new CsvReadOptions { Encoding = cp1252 }));

        Assert.Equal("€zone", c.Region);
    }

    [Fact]
    public void Read_ValidUtf8_ReadsAccents()
    {
        Customer c = Assert.Single(CustomerCsvReader.Read(TestData.Csv("customer_id\nMüller\n"), "u.csv", new CsvReadReport()));

        Assert.Equal("Müller", c.Id);
    }

    [Fact]
    public void Read_MultiByteEncoding_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => CustomerCsvReader.Read(TestData.Csv("customer_id\n"), "x.csv", new CsvReadReport(), options: new CsvReadOptions { Encoding = Encoding.Unicode }));

        Assert.Equal("Encoding", ex.ParamName);
    }
}
