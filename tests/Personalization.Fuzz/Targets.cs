using System.IO.Compression;
using System.Text;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Features.Internal;
using Personalization.Persistence;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Fuzz;

/// <summary>
/// The fuzz targets. Each reads untrusted bytes; the only allowed failure is the parser's documented
/// <see cref="InvalidDataException"/>. Anything else (another exception, or row counts that do not add
/// up) is thrown as a crash for the fuzzer (AFL++) to save.
/// </summary>
/// <remarks>
/// The CSV targets take their options from the first byte (bit 0: the other mapping or a second schema,
/// bit 1: detect the separator, bit 2: Latin-1, bit 3: reject rows without a customer id, bit 4: a time zone),
/// so one corpus explores several configurations; the rest of the input is the file.
/// </remarks>
public static class Targets
{
    public static readonly string[] Names = ["transactions", "customers", "experiment", "model", "gzip"];

    private static readonly TimeZoneInfo s_kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    public static void Run(string target, ReadOnlySpan<byte> data)
    {
        switch (target)
        {
            case "transactions":
                Transactions(data);
                break;
            case "customers":
                Customers(data);
                break;
            case "experiment":
                Experiment(data);
                break;
            case "model":
                Model(data);
                break;
            case "gzip":
                Gzip(data);
                break;
            default:
                throw new ArgumentException($"Unknown fuzz target '{target}'; targets: {string.Join(", ", Names)}.", nameof(target));
        }
    }

    public static void Transactions(ReadOnlySpan<byte> data)
    {
        (byte flags, MemoryStream stream) = Split(data);
        var report = new CsvReadReport();
        TransactionCsvMapping mapping = (flags & 1) != 0 ? TransactionCsvMapping.OnlineRetail : TransactionCsvMapping.Default;
        Guard(report, () =>
        {
            foreach (Transaction t in TransactionCsvReader.Read(stream, "fuzz.csv", report, mapping, Options(flags)))
            {
                Check(t.Timestamp.Kind == DateTimeKind.Utc, "a timestamp is not UTC");
                Check(!string.IsNullOrWhiteSpace(t.CustomerId) && double.IsFinite(t.Quantity) && double.IsFinite(t.UnitPrice) && t.UnitPrice >= 0, "an accepted transaction breaks a documented rule");
            }
        });
    }

    public static void Customers(ReadOnlySpan<byte> data)
    {
        (byte flags, MemoryStream stream) = Split(data);
        var report = new CsvReadReport();
        Guard(report, () =>
        {
            foreach (Customer c in CustomerCsvReader.Read(stream, "fuzz.csv", report, options: Options(flags)))
            {
                Check(!string.IsNullOrWhiteSpace(c.Id), "an accepted customer has a blank id");
                Check(c.SignupDate is null || c.SignupDate.Value.Kind == DateTimeKind.Utc, "a signup date is not UTC");
            }
        });
    }

    public static void Experiment(ReadOnlySpan<byte> data)
    {
        (byte flags, MemoryStream stream) = Split(data);
        var report = new CsvReadReport();
        CsvTableSchema schema = (flags & 1) != 0
            ? new CsvTableSchema { Text = ["segment"], Numbers = ["visit", "conversion", "spend"] }
            : new CsvTableSchema { Text = ["segment", "channel", "zip_code"], Numbers = ["recency", "history", "visit"] };
        Guard(report, () =>
        {
            foreach (CsvTableRow row in CsvTableReader.Read(stream, "fuzz.csv", schema, report, Options(flags)))
            {
                Check(row.Text.Count == schema.Text.Count && row.Numbers.Count == schema.Numbers.Count, "a row has the wrong number of values");
                foreach (double v in row.Numbers)
                {
                    Check(double.IsFinite(v), "an accepted number is not finite");
                }
            }
        });
    }

    public static void Model(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        byte kind = data[0];
        var stream = new MemoryStream(data[1..].ToArray(), writable: false);
        try
        {
            string json = (kind % 6) switch
            {
                0 => ModelPersistence.ToJson(ModelPersistence.Load<KMeansModel<double>>(stream)),
                1 => ModelPersistence.ToJson(ModelPersistence.Load<ScalerModel>(stream)),
                2 => ModelPersistence.ToJson(ModelPersistence.Load<OneHotEncoderModel>(stream)),
                3 => ModelPersistence.ToJson(ModelPersistence.Load<PreprocessingModel>(stream)),
                4 => ModelPersistence.ToJson(ModelPersistence.Load<GradientBoostingModel>(stream)),
                _ => ModelPersistence.ToJson(ModelPersistence.Load<TLearnerModel>(stream)),
            };
            Check(json.Length > 0, "a loaded model saves as nothing");
        }
        catch (InvalidDataException)
        {
        }
    }

    /// <summary>Differential: when the verifying reader accepts a gzip file, GZipStream must decompress it to the same bytes.</summary>
    public static void Gzip(ReadOnlySpan<byte> data)
    {
        byte[] bytes = data.ToArray();
        byte[] ours;
        try
        {
            using var verifying = new GzipVerifyingStream(() => new MemoryStream(bytes, writable: false), "fuzz.gz");
            using var copy = new MemoryStream();
            verifying.CopyTo(copy);
            ours = copy.ToArray();
        }
        catch (InvalidDataException ex)
        {
            Check(ex.Message.StartsWith("fuzz.gz: ", StringComparison.Ordinal), "a gzip error does not name the file");
            return;
        }

        using var reference = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
        using var expected = new MemoryStream();
        reference.CopyTo(expected);
        Check(expected.ToArray().AsSpan().SequenceEqual(ours), "the verified gzip output differs from GZipStream's");
    }

    public static CsvReadOptions Options(byte flags) => new()
    {
        DetectSeparator = (flags & 2) != 0,
        Encoding = (flags & 4) != 0 ? Encoding.Latin1 : null,
        MissingCustomerId = (flags & 8) != 0 ? MissingCustomerIdHandling.Reject : MissingCustomerIdHandling.Skip,
        TimeZone = (flags & 16) != 0 ? s_kolkata : TimeZoneInfo.Utc,
        MaxRejectedRowsKept = 16,
    };

    private static (byte Flags, MemoryStream Stream) Split(ReadOnlySpan<byte> data) =>
        data.IsEmpty ? ((byte)0, new MemoryStream([], writable: false)) : (data[0], new MemoryStream(data[1..].ToArray(), writable: false));

    private static void Guard(CsvReadReport report, Action read)
    {
        try
        {
            read();
        }
        catch (InvalidDataException)
        {
            return;
        }

        Check(report.RowsRead == report.RowsAccepted + report.RejectedCount + report.SkippedMissingCustomerId, $"row counts do not add up: {report}");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Fuzz invariant broken: " + what);
        }
    }
}
