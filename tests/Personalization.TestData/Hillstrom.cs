using Personalization.Features;

namespace Personalization.TestData;

/// <summary>
/// ../shared/data/hillstrom.csv (Kevin Hillstrom / MineThatData, 2008): 64,000 customers randomised to no e-mail,
/// a Mens or a Womens e-mail, read once through <see cref="ExperimentCsvReader"/>. Features: the 12 numeric columns
/// of the uplift tests and benchmarks (recency, history segment 1-7, history, mens, womens, newbie, zip and channel one-hot).
/// </summary>
public static class Hillstrom
{
    /// <summary>The 12 feature names, in column order.</summary>
    public static readonly string[] FeatureNames =
    [
        "recency", "history_segment", "history", "mens", "womens", "newbie",
        "zip_surburban", "zip_urban", "zip_rural", "channel_web", "channel_phone", "channel_multichannel",
    ];

    /// <summary>The arms: 0 = No E-Mail (control), 1 = Mens E-Mail, 2 = Womens E-Mail.</summary>
    public static readonly string[] ArmNames = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"];

    /// <summary>The schema of the file for <see cref="ExperimentCsvReader"/>.</summary>
    public static readonly ExperimentCsvSchema Schema = new()
    {
        TreatmentColumn = "segment",
        ControlArm = ArmNames[0],
        TreatmentArms = ArmNames[1..],
        OutcomeColumns = ["visit", "conversion", "spend"],
        NumericColumns = ["recency", "history", "mens", "womens", "newbie"],
        CategoricalColumns = ["history_segment", "zip_code", "channel"],
    };

    private static readonly Lazy<HillstromRows> s_rows = new(Load);

    /// <summary>Gets every row (loaded on first use, then shared; do not modify the arrays).</summary>
    public static HillstromRows All => s_rows.Value;

    /// <summary>Gets the path of the file.</summary>
    public static string DataPath => SharedData.Path("hillstrom.csv");

    /// <summary>The features of <paramref name="rows"/>, with the row ids.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>A new matrix.</returns>
    public static FeatureMatrix<double> Features(ReadOnlySpan<int> rows)
    {
        HillstromRows all = All;
        int d = FeatureNames.Length;
        var x = new double[rows.Length * d];
        var ids = new string[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Array.Copy(all.Features, rows[i] * d, x, i * d, d);
            ids[i] = all.Ids[rows[i]];
        }

        return FeatureMatrix<double>.FromOwnedArray(x, rows.Length, d, FeatureNames, ids);
    }

    /// <summary>Three-arm uplift data (outcome: visit) of <paramref name="rows"/>.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>New uplift data.</returns>
    public static UpliftData Uplift(ReadOnlySpan<int> rows)
    {
        HillstromRows all = All;
        var t = new int[rows.Length];
        var y = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            t[i] = all.Arm[rows[i]];
            y[i] = all.Visit[rows[i]];
        }

        return new UpliftData(Features(rows), t, y, ArmNames);
    }

    /// <summary>
    /// Uplift data with outcome visit: No E-Mail, Mens, Womens when <paramref name="threeArms"/>; otherwise
    /// Womens E-Mail (arm 1) against No E-Mail (0), the Mens rows left out.
    /// </summary>
    /// <param name="threeArms">Keep all three arms.</param>
    /// <returns>New uplift data.</returns>
    public static UpliftData Uplift(bool threeArms)
    {
        HillstromRows all = All;
        var keep = new List<int>(all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            if (threeArms || all.Arm[i] != 1)
            {
                keep.Add(i);
            }
        }

        if (threeArms)
        {
            return Uplift([.. keep]);
        }

        int[] rows = [.. keep];
        var womens = new int[rows.Length];
        var visit = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            womens[i] = all.Arm[rows[i]] == 2 ? 1 : 0;
            visit[i] = all.Visit[rows[i]];
        }

        return new UpliftData(Features(rows), womens, visit, [ArmNames[0], ArmNames[2]]);
    }

    /// <summary>Half the customers to train, half to test: <see cref="UpliftData.Split"/> of <see cref="Uplift(bool)"/> with test fraction 0.5.</summary>
    /// <param name="threeArms">Keep all three arms (else Womens against No E-Mail).</param>
    /// <param name="seed">The seed of the split.</param>
    /// <returns>The two halves.</returns>
    public static (UpliftData Train, UpliftData Test) Split(bool threeArms, int seed = 42)
    {
        UpliftSplit split = Uplift(threeArms).Split(0.5, seed);
        return (split.Train, split.Test);
    }

    /// <summary>A seeded sample of <paramref name="count"/> row indices.</summary>
    /// <param name="count">The sample size, at most <see cref="HillstromRows.Count"/>.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The row indices, in sampled order.</returns>
    public static int[] Sample(int count, int seed)
    {
        int[] rows = [.. Enumerable.Range(0, All.Count)];
        new Random(seed).Shuffle(rows);
        return rows[..count];
    }

    private static HillstromRows Load()
    {
        var report = new CsvReadReport();
        ExperimentCsvData data = ExperimentCsvReader.Read(DataPath, Schema, report);
        if (report.RejectedCount > 0)
        {
            throw new InvalidDataException($"hillstrom.csv has {report.RejectedCount} malformed rows; first: {report.RejectedRows[0]}");
        }

        int n = data.Count, d = FeatureNames.Length;
        var rows = new HillstromRows(n);
        FeatureMatrix<double> numeric = data.NumericFeatures();
        IReadOnlyList<string> segment = data.Categories("history_segment"), zip = data.Categories("zip_code"), channel = data.Categories("channel");
        for (int i = 0; i < n; i++)
        {
            rows.Ids[i] = "h" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            Span<double> row = rows.Features.AsSpan(i * d, d);
            row[0] = numeric[i, 0];
            row[1] = segment[i][0] - '0';
            row[2] = numeric[i, 1];
            row[3] = numeric[i, 2];
            row[4] = numeric[i, 3];
            row[5] = numeric[i, 4];
            row[6] = zip[i] == "Surburban" ? 1 : 0;
            row[7] = zip[i] == "Urban" ? 1 : 0;
            row[8] = zip[i] == "Rural" ? 1 : 0;
            row[9] = channel[i] == "Web" ? 1 : 0;
            row[10] = channel[i] == "Phone" ? 1 : 0;
            row[11] = channel[i] == "Multichannel" ? 1 : 0;
        }

        data.Treatment.CopyTo(rows.Arm);
        data.Outcome("visit").CopyTo(rows.Visit);
        data.Outcome("conversion").CopyTo(rows.Conversion);
        data.Outcome("spend").CopyTo(rows.Spend);
        return rows;
    }
}

/// <summary>The rows of <see cref="Hillstrom"/>: ids h00000.., row-major features, arm, visit, conversion, spend.</summary>
/// <param name="count">The number of rows.</param>
public sealed class HillstromRows(int count)
{
    /// <summary>Gets the number of rows.</summary>
    public int Count { get; } = count;

    /// <summary>Gets the row ids (h00000, h00001, ...).</summary>
    public string[] Ids { get; } = new string[count];

    /// <summary>Gets the features, row-major, <see cref="Hillstrom.FeatureNames"/> columns.</summary>
    public double[] Features { get; } = new double[count * Hillstrom.FeatureNames.Length];

    /// <summary>Gets the arm of each row (0 = No E-Mail, 1 = Mens, 2 = Womens).</summary>
    public int[] Arm { get; } = new int[count];

    /// <summary>Gets the visit outcome (0/1).</summary>
    public double[] Visit { get; } = new double[count];

    /// <summary>Gets the conversion outcome (0/1).</summary>
    public double[] Conversion { get; } = new double[count];

    /// <summary>Gets the spend outcome.</summary>
    public double[] Spend { get; } = new double[count];
}
