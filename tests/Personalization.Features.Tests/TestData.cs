using System.Text;
using Personalization.Features;

namespace Personalization.Features.Tests;

internal static class TestData
{
    public static string SharedDataPath(string fileName)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", fileName));
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory);
    }

    public static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    public static List<Transaction> ReadTransactions(string text, out CsvReadReport report, TransactionCsvMapping? mapping = null, CsvReadOptions? options = null)
    {
        report = new CsvReadReport();
        return TransactionCsvReader.Read(Csv(text), "test.csv", report, mapping, options).ToList();
    }

    public static Transaction Buy(string customer, string order, DateTime when, double quantity, double price) =>
        new(customer, order, when, quantity, price);
}
