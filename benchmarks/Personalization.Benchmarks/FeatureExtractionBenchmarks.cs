using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Personalization.Features;

namespace Personalization.Benchmarks;

/// <summary>
/// Customer features from the UCI Online Retail transactions (406,829 rows with a customer id, out of
/// 541,909): the one-pass <see cref="CustomerFeatureExtractor"/> against a straightforward LINQ GroupBy
/// computing the same per-customer features, and the whole CSV-to-matrix path (CsvHelper parse included).
/// </summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private static readonly DateTime AsOf = new(2011, 12, 10);
    private List<Transaction> _transactions = [];
    private byte[] _csv = [];
    private CustomerFeatureExtractor _extractor = null!;

    [GlobalSetup]
    public void Setup()
    {
        string path = BenchmarkData.SharedDataPath("online_retail.csv.gz");
        using (var file = File.OpenRead(path))
        using (var gz = new GZipStream(file, CompressionMode.Decompress))
        using (var memory = new MemoryStream())
        {
            gz.CopyTo(memory);
            _csv = memory.ToArray();
        }

        _transactions = TransactionCsvReader.ReadAll(path, TransactionCsvMapping.OnlineRetail).Records.ToList();
        _extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions { AsOf = AsOf, WindowDays = 365 });
    }

    /// <summary>LINQ: group by customer, then by order; recency, frequency, monetary, AOV, tenure, interval mean/std, online share, return rate.</summary>
    [Benchmark(Baseline = true)]
    public int LinqGroupBy()
    {
        DateTime windowStart = AsOf.AddDays(-365);
        var rows = _transactions
            .Where(t => t.Timestamp <= AsOf)
            .GroupBy(t => t.CustomerId)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var orders = g.GroupBy(t => t.OrderId)
                    .Select(o => new
                    {
                        Time = o.Min(t => t.Timestamp),
                        Purchase = o.Where(t => t.IsPurchase).Sum(t => t.Amount),
                        Returned = o.Where(t => !t.IsPurchase && (t.IsReturn || t.Quantity < 0)).Sum(t => Math.Abs(t.Amount)),
                        IsPurchase = o.Any(t => t.IsPurchase),
                        IsReturn = o.Any(t => t.IsReturn || t.Quantity < 0),
                        Online = o.Any(t => t.IsPurchase && string.Equals(t.Channel, "online", StringComparison.OrdinalIgnoreCase)),
                    })
                    .ToList();
                var purchases = orders.Where(o => o.IsPurchase).ToList();
                var inWindow = orders.Where(o => o.Time > windowStart).ToList();
                var windowPurchases = inWindow.Where(o => o.IsPurchase).OrderBy(o => o.Time).ToList();
                var gaps = windowPurchases.Zip(windowPurchases.Skip(1), (a, b) => (b.Time - a.Time).TotalDays).ToList();
                double gapMean = gaps.Count > 0 ? gaps.Average() : double.NaN;
                int frequency = windowPurchases.Count;
                double gross = windowPurchases.Sum(o => o.Purchase);
                return new[]
                {
                    purchases.Count > 0 ? (AsOf - purchases.Max(o => o.Time)).TotalDays : double.NaN,
                    frequency,
                    gross - inWindow.Sum(o => o.Returned),
                    frequency > 0 ? gross / frequency : double.NaN,
                    purchases.Count > 0 ? (AsOf - purchases.Min(o => o.Time)).TotalDays : double.NaN,
                    gapMean,
                    gaps.Count > 0 ? Math.Sqrt(gaps.Average(d => (d - gapMean) * (d - gapMean))) : double.NaN,
                    frequency > 0 ? (double)windowPurchases.Count(o => o.Online) / frequency : double.NaN,
                    inWindow.Count > 0 ? (double)inWindow.Count(o => o.IsReturn) / inWindow.Count : double.NaN,
                };
            })
            .ToList();
        return rows.Count;
    }

    /// <summary>The one-pass extractor over the same in-memory transactions (14 features including RFM scores).</summary>
    [Benchmark]
    public int Extractor() => _extractor.Extract(_transactions).RowCount;

    /// <summary>CSV bytes in memory (541,909 rows) to feature matrix: CsvHelper parse, validation, report, extraction.</summary>
    [Benchmark]
    public int CsvToMatrix()
    {
        var report = new CsvReadReport();
        using var stream = new MemoryStream(_csv, writable: false);
        return _extractor.Extract(TransactionCsvReader.Read(stream, "online_retail.csv", report, TransactionCsvMapping.OnlineRetail)).RowCount;
    }
}
