using System.Globalization;

namespace Personalization.Samples;

/// <summary>
/// The Hillstrom (MineThatData 2008) e-mail experiment: 64,000 customers randomised to a Mens
/// e-mail, a Womens e-mail or no e-mail, with visits, conversions and spend two weeks later.
/// </summary>
public sealed class HillstromData
{
    public static readonly string[] ArmNames = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];

    public static readonly string[] FeatureNames =
        ["recency", "history", "mens", "womens", "newbie", "zip_urban", "zip_suburban", "channel_web", "channel_phone"];

    private HillstromData(int count)
    {
        Arm = new int[count];
        Visit = new double[count];
        Conversion = new double[count];
        Spend = new double[count];
        History = new double[count];
        Features = new double[count * FeatureNames.Length];
    }

    public int Count => Arm.Length;

    /// <summary>0 = No E-Mail (control), 1 = Mens E-Mail, 2 = Womens E-Mail.</summary>
    public int[] Arm { get; }

    public double[] Visit { get; }

    public double[] Conversion { get; }

    public double[] Spend { get; }

    /// <summary>Spend in the year before the experiment: the pre-period covariate for CUPED.</summary>
    public double[] History { get; }

    /// <summary>Row-major features, <see cref="FeatureNames"/> columns.</summary>
    public double[] Features { get; }

    public FeatureMatrix<double> FeatureMatrix() => FeatureMatrix<double>.FromOwnedArray((double[])Features.Clone(), Count, FeatureNames.Length, FeatureNames);

    /// <summary>Reads the CSV; <paramref name="maxRows"/> keeps only the first rows (for quick runs and tests).</summary>
    /// <exception cref="InvalidDataException">The header is not Hillstrom's or a row is malformed (the message names the line).</exception>
    public static HillstromData Load(string path, int maxRows = int.MaxValue)
    {
        var rows = new List<string[]>();
        using (var reader = new StreamReader(path))
        {
            string header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
            string[] expected = ["recency", "history_segment", "history", "mens", "womens", "zip_code", "newbie", "channel", "segment", "visit", "conversion", "spend"];
            string[] names = CsvText.Split(header);
            if (!names.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{path}:1: the header is not the Hillstrom layout ({string.Join(",", expected)}).");
            }

            long line = 1;
            while (rows.Count < maxRows && reader.ReadLine() is { } text)
            {
                line++;
                if (text.Length == 0)
                {
                    continue;
                }

                string[] cells = CsvText.Split(text);
                if (cells.Length != expected.Length)
                {
                    throw new InvalidDataException($"{path}:{line}: expected {expected.Length} fields, found {cells.Length}.");
                }

                rows.Add(cells);
            }
        }

        var data = new HillstromData(rows.Count);
        int width = FeatureNames.Length;
        for (int i = 0; i < rows.Count; i++)
        {
            string[] c = rows[i];
            long line = i + 2;
            data.Arm[i] = c[8] switch
            {
                "No E-Mail" => 0,
                "Mens E-Mail" => 1,
                "Womens E-Mail" => 2,
                _ => throw new InvalidDataException($"{path}:{line}: unknown segment '{c[8]}'."),
            };
            data.Visit[i] = Number(c[9], path, line, "visit");
            data.Conversion[i] = Number(c[10], path, line, "conversion");
            data.Spend[i] = Number(c[11], path, line, "spend");
            data.History[i] = Number(c[2], path, line, "history");
            Span<double> f = data.Features.AsSpan(i * width, width);
            f[0] = Number(c[0], path, line, "recency");
            f[1] = data.History[i];
            f[2] = Number(c[3], path, line, "mens");
            f[3] = Number(c[4], path, line, "womens");
            f[4] = Number(c[6], path, line, "newbie");
            f[5] = c[5] == "Urban" ? 1 : 0;
            f[6] = c[5] == "Surburban" ? 1 : 0;
            f[7] = c[7] == "Web" ? 1 : 0;
            f[8] = c[7] == "Phone" ? 1 : 0;
        }

        return data;
    }

    private static double Number(string text, string path, long line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{path}:{line}: column '{column}' holds '{text}', not a number.");
}
