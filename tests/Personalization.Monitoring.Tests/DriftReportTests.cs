using System.Text.Json;
using Personalization.Features;

namespace Personalization.Monitoring.Tests;

public sealed class DriftReportTests
{
    private static FeatureMatrix<double> Window(ulong seed, int rows, double shift, double scale)
    {
        double[] a = TestData.SplitMix(seed, rows, scale, shift);
        double[] b = TestData.SplitMix(seed + 1, rows);
        var values = new double[rows * 2];
        for (int i = 0; i < rows; i++)
        {
            values[2 * i] = a[i];
            values[(2 * i) + 1] = b[i];
        }

        return new FeatureMatrix<double>(values, rows, 2, ["spend", "visits"]);
    }

    [Fact]
    public void FeatureDrift_ShiftedFeature_IsSignificantOthersStable()
    {
        FeatureMatrix<double> reference = Window(1, 2000, 0.0, 1.0);
        FeatureMatrix<double> current = Window(3, 2000, 0.3, 1.0);
        IReadOnlyList<FeatureDriftResult> drift = FeatureDrift.Compute(reference, current);
        Assert.Equal(DriftLevel.Significant, drift[0].Level);
        Assert.Equal(DriftLevel.Stable, drift[1].Level);
        TestData.Close(0.3 / Math.Sqrt(1.0 / 12), drift[0].MeanShift, rel: 0.05);
        Assert.InRange(drift[0].StandardDeviationRatio, 0.95, 1.05);
        Assert.True(drift[0].KolmogorovSmirnov.PValue < 1e-10);
        Assert.Equal(DriftLevel.Significant, FeatureDrift.Verdict(drift));
        Assert.Equal(DriftLevel.Stable, FeatureDrift.Verdict([]));

        double[] spendRef = reference.GetColumn(0);
        double[] spendCur = current.GetColumn(0);
        Assert.Equal(PopulationStability.Index(spendRef, spendCur).Index, drift[0].Psi.Index);
        Assert.Equal(KolmogorovSmirnov.TwoSample(spendRef, spendCur).PValue, drift[0].KolmogorovSmirnov.PValue);
    }

    [Fact]
    public void FeatureDrift_IdenticalWindows_AllZeroAndStable()
    {
        FeatureMatrix<double> reference = Window(5, 300, 0.0, 1.0);
        foreach (FeatureDriftResult f in FeatureDrift.Compute(reference, reference))
        {
            Assert.Equal(0.0, f.Psi.Index);
            Assert.Equal(0.0, f.KolmogorovSmirnov.Statistic);
            Assert.Equal(1.0, f.KolmogorovSmirnov.PValue);
            Assert.Equal(0.0, f.MeanShift);
            Assert.Equal(1.0, f.StandardDeviationRatio);
            Assert.Equal(DriftLevel.Stable, f.Level);
        }
    }

    [Fact]
    public void FeatureDrift_ConstantReference_GivesInfiniteShift()
    {
        var reference = new FeatureMatrix<double>([1.0, 1.0, 1.0], 3, 1, ["x"]);
        var same = new FeatureMatrix<double>([1.0, 1.0], 2, 1, ["x"]);
        var moved = new FeatureMatrix<double>([2.0, 3.0], 2, 1, ["x"]);
        Assert.Equal(0.0, FeatureDrift.Compute(reference, same)[0].MeanShift);
        Assert.Equal(1.0, FeatureDrift.Compute(reference, same)[0].StandardDeviationRatio);
        Assert.Equal(double.PositiveInfinity, FeatureDrift.Compute(reference, moved)[0].MeanShift);
        Assert.Equal(double.PositiveInfinity, FeatureDrift.Compute(reference, moved)[0].StandardDeviationRatio);
        Assert.Contains("\"Infinity\"", DriftReport.Compute(reference, moved).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureDrift_BadInput_Throws()
    {
        FeatureMatrix<double> reference = Window(1, 20, 0, 1);
        Assert.Throws<ArgumentNullException>(() => FeatureDrift.Compute(null!, reference));
        Assert.Throws<ArgumentNullException>(() => FeatureDrift.Compute(reference, null!));
        Assert.Throws<ArgumentException>(() => FeatureDrift.Compute(reference, reference.WithColumnNames(["visits", "spend"])));
        Assert.Throws<ArgumentException>(() => FeatureDrift.Compute(reference, reference.SelectColumns([0])));
        Assert.Throws<ArgumentException>(() => FeatureDrift.Compute(reference, new FeatureMatrix<double>([], 0, 2, ["spend", "visits"])));
        Assert.Throws<ArgumentException>(() => FeatureDrift.Compute(reference, new FeatureMatrix<double>([1, double.NaN], 1, 2, ["spend", "visits"])));
        Assert.Throws<ArgumentNullException>(() => FeatureDrift.Verdict(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { PsiModerate = 0.3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { MeanShiftModerate = 0.6 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { ChangedShareModerate = 0.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { ChangedShareSignificant = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { KsAlpha = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { KsMinimumStatistic = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { PsiSignificant = double.PositiveInfinity }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { MeanShiftSignificant = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureDrift.Compute(reference, reference, new DriftOptions { BinCount = 1 }));
        Assert.Throws<ArgumentNullException>(() => DriftReport.Compute(reference, reference, referenceName: null!));
        Assert.Throws<ArgumentNullException>(() => DriftReport.Compute(reference, reference, currentName: null!));
    }

    [Fact]
    public void Report_WithSegments_RendersJsonAndTable()
    {
        FeatureMatrix<double> reference = Window(1, 400, 0.0, 1.0);
        FeatureMatrix<double> current = Window(3, 400, 0.05, 1.0);
        FeatureMatrix<double> start = FeatureMatrix<double>.FromArray(new double[,] { { 0.25, 0.5 }, { 0.75, 0.5 } }, ["spend", "visits"]);
        SegmentRefreshResult refresh = SegmentRefresh.Refresh(new TestLloydClusterer(2), start, current);
        DriftReport report = DriftReport.Compute(reference, current, new DriftOptions(), refresh, "H1", "H2");

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement root = json.RootElement;
        Assert.Equal(report.Verdict.ToString(), root.GetProperty("verdict").GetString());
        Assert.Equal("H1", root.GetProperty("reference").GetProperty("name").GetString());
        Assert.Equal(400, root.GetProperty("current").GetProperty("rows").GetInt32());
        Assert.Equal(2, root.GetProperty("features").GetArrayLength());
        JsonElement spend = root.GetProperty("features")[0];
        Assert.Equal("spend", spend.GetProperty("feature").GetString());
        Assert.Equal(report.Features[0].Psi.Index, spend.GetProperty("psi").GetDouble());
        Assert.Equal(report.Features[0].KolmogorovSmirnov.PValue, spend.GetProperty("ks").GetProperty("pValue").GetDouble());
        Assert.Equal(2, root.GetProperty("segments").GetProperty("transitions").GetArrayLength());
        Assert.Equal(refresh.Transitions.ChangedShare, root.GetProperty("segments").GetProperty("changedShare").GetDouble());

        string table = report.ToTable();
        Assert.StartsWith("Drift report: H1 (n=400) -> H2 (n=400); verdict ", table, StringComparison.Ordinal);
        Assert.Contains("spend ", table, StringComparison.Ordinal);
        Assert.Contains("Segments: share PSI", table, StringComparison.Ordinal);
        Assert.NotNull(report.SegmentVerdict);
        Assert.True(report.Verdict >= report.FeatureVerdict);
    }

    [Fact]
    public void Report_OnlineRetail_FirstHalfVersusSecondHalf()
    {
        // Reference: invoices before 2011-06-01 (Dec 2010 - May 2011); current: from 2011-06-01
        // (Jun - 9 Dec 2011). Purchases only; RFM features as of each window's last invoice.
        string path = Path.Combine(RepositoryRoot(), "..", "shared", "data", "online_retail.csv.gz");
        Assert.True(File.Exists(path), $"Online Retail data not found at {path}.");
        var split = new DateTime(2011, 6, 1, 0, 0, 0, DateTimeKind.Unspecified);
        List<Transaction> purchases = [.. OnlineRetailCsv.ReadAll(path).Records.Where(t => t.IsPurchase && t.UnitPrice > 0)];
        string[] columns = [CustomerFeatureNames.Recency, CustomerFeatureNames.Frequency, CustomerFeatureNames.Monetary, CustomerFeatureNames.AverageOrderValue];
        var extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = columns });
        FeatureMatrix<double> reference = extractor.Extract(purchases.Where(t => t.Timestamp < split));
        FeatureMatrix<double> current = extractor.Extract(purchases.Where(t => t.Timestamp >= split));
        Assert.InRange(reference.RowCount, 2000, 4000);
        Assert.InRange(current.RowCount, 3000, 4500);

        DriftReport report = DriftReport.Compute(reference, current, referenceName: "2010-12-01..2011-05-31", currentName: "2011-06-01..2011-12-09");
        Assert.Equal(4, report.Features.Count);
        foreach (FeatureDriftResult f in report.Features)
        {
            Assert.InRange(f.Psi.Index, 0.0, 5.0);
            Assert.InRange(f.KolmogorovSmirnov.PValue, 0.0, 1.0);
            Assert.Equal(KolmogorovSmirnov.TwoSample(reference.GetColumn(reference.ColumnIndex(f.Feature)), current.GetColumn(current.ColumnIndex(f.Feature))).Statistic, f.KolmogorovSmirnov.Statistic);
        }

        // The second half is busier (the Q4 peak): more orders per customer than in the first half.
        FeatureDriftResult frequency = report.Features[1];
        Assert.True(frequency.CurrentMean > frequency.ReferenceMean);
        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(4, json.RootElement.GetProperty("features").GetArrayLength());
        Assert.Contains("monetary", report.ToTable(), StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Personalization.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Personalization.sln not found above the test directory.");
    }
}
