using System.Globalization;
using System.Text;
using Personalization.Features;

namespace Personalization.Sql.Tests;

/// <summary>A deterministic synthetic transaction set that exercises every feature: discounts, channels, categories
/// (listed, unlisted and missing), returns (flagged and negative quantities), zero quantities, orders spanning the
/// window boundary, tied order times, return-only customers, customers active only after the as-of date, and ids
/// whose ordinal order differs from culture order.</summary>
internal static class Synthetic
{
    public static readonly DateTime AsOf = new(2024, 6, 30, 12, 0, 0);

    public static readonly string[] Categories = ["Apparel", "Books", "Home"];

    private static readonly string[] s_ids = ["a", "B", "b", "Z10", "z2", "é", "ü", "Ω", "10", "9", "O'Brien", "x\"y"];

    private static readonly string?[] s_channels = ["online", "Online", "store", null, "ONLINE", "phone"];

    private static readonly string?[] s_categories = ["Apparel", "Books", "Home", "Toys", null, "apparel"];

    public static List<Transaction> Generate(int customers = 400, int seed = 17)
    {
        var random = new Random(seed);
        var list = new List<Transaction>();
        var start = new DateTime(2022, 1, 1);
        for (int c = 0; c < customers; c++)
        {
            string id = c < s_ids.Length ? s_ids[c] : "C" + (c * 7919 % 100_000).ToString(CultureInfo.InvariantCulture);
            int orders = 1 + (int)(12 * Math.Pow(random.NextDouble(), 2));
            bool returnsOnly = c % 37 == 5;
            bool future = c % 53 == 7;
            for (int o = 0; o < orders; o++)
            {
                string order = id + "-" + o.ToString(CultureInfo.InvariantCulture);
                DateTime when = future ? AsOf.AddDays(1 + random.Next(30)) : start.AddSeconds(random.Next(0, 913 * 86400));
                if (o > 0 && random.Next(8) == 0)
                {
                    when = list[^1].Timestamp; // a tie with the previous order
                }

                int lines = 1 + random.Next(4);
                for (int l = 0; l < lines; l++)
                {
                    double quantity = random.Next(10) switch
                    {
                        0 => -1 - random.Next(3),
                        1 => 0,
                        _ => 1 + random.Next(5),
                    };
                    double price = Math.Round(random.NextDouble() * 80, random.Next(4)) + (random.Next(20) == 0 ? 0.0000005 : 0);
                    double discount = random.Next(4) == 0 ? Math.Round(random.NextDouble() * 50, 1) : 0;
                    bool isReturn = returnsOnly || random.Next(25) == 0;
                    DateTime lineTime = l == 0 ? when : when.AddMinutes(random.Next(3) == 0 ? random.Next(-3000, 3000) : random.Next(0, 30));
                    list.Add(new Transaction(id, order, lineTime, quantity, price)
                    {
                        Channel = s_channels[random.Next(s_channels.Length)],
                        Category = s_categories[random.Next(s_categories.Length)],
                        DiscountPercent = discount,
                        IsReturn = isReturn,
                    });
                }
            }
        }

        return list;
    }

    /// <summary>Writes transactions in this library's CSV schema (<see cref="TransactionCsvMapping.Default"/>).</summary>
    public static void WriteCsv(string path, IEnumerable<Transaction> transactions)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine("customer_id,order_id,timestamp,quantity,unit_price,channel,category,discount_percent,is_return");
        foreach (Transaction t in transactions)
        {
            writer.WriteLine(string.Join(
                ',',
                Quote(t.CustomerId),
                Quote(t.OrderId),
                t.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                t.Quantity.ToString("R", CultureInfo.InvariantCulture),
                t.UnitPrice.ToString("R", CultureInfo.InvariantCulture),
                Quote(t.Channel),
                Quote(t.Category),
                t.DiscountPercent.ToString("R", CultureInfo.InvariantCulture),
                t.IsReturn ? "true" : "false"));
        }
    }

    public static IEnumerable<CustomerFeatureOptions> OptionSets()
    {
        yield return new CustomerFeatureOptions { Categories = Categories };
        yield return new CustomerFeatureOptions { AsOf = AsOf, WindowDays = 365, Categories = Categories };
        yield return new CustomerFeatureOptions { AsOf = AsOf, WindowDays = 30, Categories = Categories, UndefinedValue = -1 };
        yield return new CustomerFeatureOptions { AsOf = AsOf.AddDays(-200), WindowDays = 90, OnlineChannel = "Phone", Categories = ["Toys", "Home"] };
        yield return new CustomerFeatureOptions { AsOf = AsOf, Columns = [CustomerFeatureNames.MonetaryScore, CustomerFeatureNames.IntervalStd, CustomerFeatureNames.Recency] };
    }

    private static string Quote(string? value) => value is null ? string.Empty : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
