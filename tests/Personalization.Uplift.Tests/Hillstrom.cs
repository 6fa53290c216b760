using System.Globalization;

namespace Personalization.Uplift.Tests;

/// <summary>Loads ../shared/data/hillstrom.csv (Kevin Hillstrom / MineThatData, 2008) into uplift data.</summary>
public static class Hillstrom
{
    private static readonly Lazy<Rows> s_rows = new(Load);

    public static readonly string[] FeatureNames =
    [
        "recency", "history_segment", "history", "mens", "womens", "newbie",
        "zip_surburban", "zip_urban", "zip_rural", "channel_web", "channel_phone", "channel_multichannel",
    ];

    /// <summary>Gets every row: features (12 columns), segment (0 = No E-Mail, 1 = Mens, 2 = Womens), visit.</summary>
    public static Rows All => s_rows.Value;

    public static string DataPath()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "hillstrom.csv"));
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Womens E-Mail (1) vs No E-Mail (0) when <paramref name="threeArms"/> is false; otherwise
    /// No E-Mail (0), Mens (1), Womens (2). Rows are split 50/50 by a seeded shuffle.
    /// </summary>
    public static (UpliftData Train, UpliftData Test) Split(bool threeArms, int seed = 42, double fraction = 1.0)
    {
        Rows all = All;
        var keep = new List<int>();
        for (int i = 0; i < all.Segment.Length; i++)
        {
            if (threeArms || all.Segment[i] != 1)
            {
                keep.Add(i);
            }
        }

        int[] rows = [.. keep];
        new Random(seed).Shuffle(rows);
        int used = (int)(rows.Length * fraction);
        int half = used / 2;
        return (Make(all, rows.AsSpan(0, half), threeArms), Make(all, rows.AsSpan(half, used - half), threeArms));
    }

    private static UpliftData Make(Rows all, ReadOnlySpan<int> rows, bool threeArms)
    {
        int d = FeatureNames.Length;
        var x = new double[rows.Length * d];
        var t = new int[rows.Length];
        var y = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            Array.Copy(all.Features, r * d, x, i * d, d);
            int s = all.Segment[r];
            t[i] = threeArms ? s : (s == 2 ? 1 : 0);
            y[i] = all.Visit[r];
        }

        string[] names = threeArms ? ["No E-Mail", "Mens E-Mail", "Womens E-Mail"] : ["No E-Mail", "Womens E-Mail"];
        return new UpliftData(FeatureMatrix<double>.FromOwnedArray(x, rows.Length, d, FeatureNames), t, y, names);
    }

    private static Rows Load()
    {
        string[] lines = File.ReadAllLines(DataPath());
        int n = lines.Length - 1;
        int d = FeatureNames.Length;
        var x = new double[n * d];
        var segment = new int[n];
        var visit = new double[n];
        for (int i = 0; i < n; i++)
        {
            List<string> f = SplitCsv(lines[i + 1]);
            Span<double> row = x.AsSpan(i * d, d);
            row[0] = double.Parse(f[0], CultureInfo.InvariantCulture);
            row[1] = f[1][0] - '0';
            row[2] = double.Parse(f[2], CultureInfo.InvariantCulture);
            row[3] = double.Parse(f[3], CultureInfo.InvariantCulture);
            row[4] = double.Parse(f[4], CultureInfo.InvariantCulture);
            row[5] = double.Parse(f[6], CultureInfo.InvariantCulture);
            row[6] = f[5] == "Surburban" ? 1 : 0;
            row[7] = f[5] == "Urban" ? 1 : 0;
            row[8] = f[5] == "Rural" ? 1 : 0;
            row[9] = f[7] == "Web" ? 1 : 0;
            row[10] = f[7] == "Phone" ? 1 : 0;
            row[11] = f[7] == "Multichannel" ? 1 : 0;
            segment[i] = f[8] switch
            {
                "No E-Mail" => 0,
                "Mens E-Mail" => 1,
                "Womens E-Mail" => 2,
                _ => throw new InvalidDataException("Unknown segment " + f[8]),
            };
            visit[i] = double.Parse(f[9], CultureInfo.InvariantCulture);
        }

        return new Rows(x, segment, visit);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        int i = 0;
        while (i <= line.Length)
        {
            if (i < line.Length && line[i] == '"')
            {
                int close = line.IndexOf('"', i + 1);
                fields.Add(line[(i + 1)..close]);
                i = close + 2;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                if (comma < 0)
                {
                    fields.Add(line[i..]);
                    break;
                }

                fields.Add(line[i..comma]);
                i = comma + 1;
            }
        }

        return fields;
    }

    public sealed record Rows(double[] Features, int[] Segment, double[] Visit);
}
