using Personalization.Features;

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

    /// <summary>The layout of the file for <see cref="ExperimentCsvReader"/> (outcomes visit, conversion, spend).</summary>
    public static readonly ExperimentCsvSchema Schema = new()
    {
        TreatmentColumn = "segment",
        ControlArm = ArmNames[0],
        TreatmentArms = ArmNames[1..],
        OutcomeColumns = ["visit", "conversion", "spend"],
        NumericColumns = ["recency", "history", "mens", "womens", "newbie"],
        CategoricalColumns = ["zip_code", "channel"],
    };

    /// <summary>Reads the CSV through <see cref="ExperimentCsvReader"/>; <paramref name="maxRows"/> keeps only the first rows (for quick runs and tests).</summary>
    /// <exception cref="InvalidDataException">A Hillstrom column is missing, or a row is malformed or of another segment (the message names the line).</exception>
    public static HillstromData Load(string path, int maxRows = int.MaxValue)
    {
        var report = new CsvReadReport();
        ExperimentCsvData rows = ExperimentCsvReader.Read(path, Schema, report, new CsvReadOptions { MaxRejectedRowsKept = 1 });
        if (report.RejectedCount > 0)
        {
            throw new InvalidDataException($"{report.RejectedRows[0]} ({report.RejectedCount:N0} malformed row(s)).");
        }

        if (rows.RowsOtherArms > 0)
        {
            throw new InvalidDataException($"{path}: {rows.RowsOtherArms:N0} row(s) have a segment other than {string.Join(", ", ArmNames)}.");
        }

        int count = Math.Min(maxRows, rows.Count);
        var data = new HillstromData(count);
        int width = FeatureNames.Length;
        FeatureMatrix<double> numeric = rows.NumericFeatures();
        IReadOnlyList<string> zip = rows.Categories("zip_code"), channel = rows.Categories("channel");
        rows.Treatment[..count].CopyTo(data.Arm);
        rows.Outcome("visit")[..count].CopyTo(data.Visit);
        rows.Outcome("conversion")[..count].CopyTo(data.Conversion);
        rows.Outcome("spend")[..count].CopyTo(data.Spend);
        for (int i = 0; i < count; i++)
        {
            data.History[i] = numeric[i, 1];
            Span<double> f = data.Features.AsSpan(i * width, width);
            f[0] = numeric[i, 0];
            f[1] = data.History[i];
            f[2] = numeric[i, 2];
            f[3] = numeric[i, 3];
            f[4] = numeric[i, 4];
            f[5] = zip[i] == "Urban" ? 1 : 0;
            f[6] = zip[i] == "Surburban" ? 1 : 0;
            f[7] = channel[i] == "Web" ? 1 : 0;
            f[8] = channel[i] == "Phone" ? 1 : 0;
        }

        return data;
    }
}
