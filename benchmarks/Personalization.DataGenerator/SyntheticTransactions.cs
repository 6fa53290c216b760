using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Personalization.DataGenerator;

/// <summary>
/// Writes N synthetic transaction lines as CSV in the Features default layout
/// (<c>customer_id, order_id, timestamp, quantity, unit_price, channel, category, product_id, region, discount_percent, is_return</c>).
/// </summary>
/// <remarks>
/// Deterministic: the same seed and row count give the same bytes (own SplitMix64 generator, invariant formatting,
/// no clock, no hash randomisation). Orders are written in time order over two years (2023-01-01 to 2024-12-31),
/// each order's lines contiguous; customers are drawn with a Zipf-like weight 1 / (rank + 10)^1.1, so a few customers
/// have hundreds of orders and most have a handful. About 4% of orders are return orders (negative quantities,
/// <c>is_return</c> true), 1% of purchase lines are single-line returns inside a purchase order, 30% of orders carry a
/// discount on most lines, and each customer has its own online/app/store mix and home region.
/// </remarks>
internal static class SyntheticTransactions
{
    public const string Header = "customer_id,order_id,timestamp,quantity,unit_price,channel,category,product_id,region,discount_percent,is_return";

    private static readonly string[] s_categories = ["Apparel", "Beauty", "Books", "Electronics", "Grocery", "Home", "Sports", "Toys"];
    private static readonly double[] s_categoryPrice = [3.4, 2.9, 2.4, 4.6, 1.6, 3.6, 3.3, 2.8];
    private static readonly string[] s_regions = ["north", "south", "east", "west", "central", "abroad"];
    private static readonly int[] s_discounts = [5, 10, 10, 15, 20, 25, 30, 50];
    private static readonly DateTime s_start = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private const long SpanSeconds = 731L * 24 * 3600;

    /// <summary>The number of customers for <paramref name="rows"/> lines: one per 30 lines, at least one.</summary>
    public static int CustomerCount(long rows) => (int)Math.Clamp(rows / 30, 1, int.MaxValue);

    public static void Write(string path, long rows, ulong seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using FileStream file = new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Fastest)
            : file;
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        writer.WriteLine(Header);
        Write(writer, rows, seed);
    }

    private static void Write(StreamWriter writer, long rows, ulong seed)
    {
        int customers = CustomerCount(rows);
        var rng = new SplitMix64(seed);
        double[] cumulative = ZipfCumulative(customers);
        long idStride = Coprime(customers, 2_654_435_761L);
        Span<char> line = stackalloc char[256];
        long written = 0;
        long order = 0;
        while (written < rows)
        {
            int rank = Pick(cumulative, rng.NextDouble());
            long customerId = 1_000_000 + ((rank * idStride) % customers);
            var customerRng = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(rank + 1)));
            double onlineShare = customerRng.NextDouble();
            double appShare = (1 - onlineShare) * customerRng.NextDouble() * 0.5;
            string region = s_regions[(int)(customerRng.Next() % (ulong)s_regions.Length)];
            int favourite = (int)(customerRng.Next() % (ulong)s_categories.Length);

            double u = rng.NextDouble();
            string channel = u < onlineShare ? "online" : u < onlineShare + appShare ? "app" : "store";
            bool returnOrder = rng.NextDouble() < 0.04;
            int discount = rng.NextDouble() < 0.30 ? s_discounts[(int)(rng.Next() % (ulong)s_discounts.Length)] : 0;
            int lines = 1 + Geometric(rng, 0.45, 11);
            long seconds = (long)((double)written / rows * SpanSeconds) + (long)(rng.NextDouble() * 3600);
            DateTime orderTime = s_start.AddSeconds(Math.Min(seconds, SpanSeconds - 1));
            long orderId = 10_000_000 + order;
            order++;
            for (int l = 0; l < lines && written < rows; l++)
            {
                int category = rng.NextDouble() < 0.5 ? favourite : (int)(rng.Next() % (ulong)s_categories.Length);
                double price = Math.Round(Math.Exp(s_categoryPrice[category] + (0.6 * Normal(rng))), 2);
                int quantity = 1 + Geometric(rng, 0.55, 40);
                bool isReturn = returnOrder || rng.NextDouble() < 0.01;
                int lineDiscount = discount > 0 && rng.NextDouble() < 0.7 ? discount : 0;
                int product = (category * 10_000) + (int)(rng.Next() % 10_000UL);
                DateTime time = orderTime.AddSeconds(l * 7);
                var b = new LineBuilder(line);
                b.Append(customerId);
                b.Comma();
                b.Append(orderId);
                b.Comma();
                b.Append(time);
                b.Comma();
                b.Append(isReturn ? -quantity : quantity);
                b.Comma();
                b.AppendPrice(price);
                b.Comma();
                b.Append(channel);
                b.Comma();
                b.Append(s_categories[category]);
                b.Comma();
                b.Append("P");
                b.Append(100_000 + product);
                b.Comma();
                b.Append(region);
                b.Comma();
                b.Append(lineDiscount);
                b.Comma();
                b.Append(isReturn ? "true" : "false");
                writer.Write(line[..b.Length]);
                writer.Write('\n');
                written++;
            }
        }
    }

    private static double[] ZipfCumulative(int customers)
    {
        var cumulative = new double[customers];
        double sum = 0;
        for (int r = 0; r < customers; r++)
        {
            sum += 1 / Math.Pow(r + 10, 1.1);
            cumulative[r] = sum;
        }

        for (int r = 0; r < customers; r++)
        {
            cumulative[r] /= sum;
        }

        return cumulative;
    }

    private static int Pick(double[] cumulative, double u)
    {
        int i = Array.BinarySearch(cumulative, u);
        return Math.Min(i >= 0 ? i : ~i, cumulative.Length - 1);
    }

    private static long Coprime(int n, long candidate)
    {
        long c = candidate % n;
        while (n > 1 && (c == 0 || Gcd(c, n) != 1))
        {
            c++;
        }

        return Math.Max(c, 1);
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static int Geometric(SplitMix64 rng, double p, int max)
    {
        int k = 0;
        while (k < max && rng.NextDouble() > p)
        {
            k++;
        }

        return k;
    }

    private static double Normal(SplitMix64 rng)
    {
        double u1 = 1 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private ref struct LineBuilder(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;

        public int Length { get; private set; }

        public void Comma() => _buffer[Length++] = ',';

        public void Append(string text)
        {
            text.AsSpan().CopyTo(_buffer[Length..]);
            Length += text.Length;
        }

        public void Append(long value)
        {
            value.TryFormat(_buffer[Length..], out int n, default, CultureInfo.InvariantCulture);
            Length += n;
        }

        public void AppendPrice(double value)
        {
            value.TryFormat(_buffer[Length..], out int n, "0.00", CultureInfo.InvariantCulture);
            Length += n;
        }

        public void Append(DateTime value)
        {
            value.TryFormat(_buffer[Length..], out int n, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            Length += n;
        }
    }
}

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a small, fast generator whose output is fixed by the seed on every runtime.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
