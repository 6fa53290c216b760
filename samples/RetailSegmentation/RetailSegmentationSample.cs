using System.Globalization;
using System.Text.Json;
using Personalization.Cli;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Monitoring;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace Personalization.Samples;

/// <summary>The RetailSegmentation sample.</summary>
public static class RetailSegmentationSample
{
    public static int Run(string[] args, TextWriter output)
    {
        string? customersPath = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--customers" && i + 1 < args.Length)
            {
                customersPath = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        SampleArguments a = SampleArguments.Parse(rest.ToArray());
        string path = a.Input ?? SamplePaths.SharedData("online_retail.csv.gz");
        string outputFolder = SamplePaths.OutputFolder("RetailSegmentation", a.Output);
        var progress = new ConsoleProgress(output);

        // 1. Load, streaming, and say what was rejected and why.
        progress.Begin("Loading transactions");
        var report = new CsvReadReport();
        var transactions = new List<Transaction>();
        foreach (Transaction t in OnlineRetailCsv.Read(path, report))
        {
            transactions.Add(t);
            if (transactions.Count % 50_000 == 0)
            {
                progress.Report(double.NaN, string.Create(CultureInfo.InvariantCulture, $"{transactions.Count:N0} rows"));
            }
        }

        progress.End(string.Create(CultureInfo.InvariantCulture, $"{report.RowsAccepted:N0} of {report.RowsRead:N0} rows accepted from {Path.GetFileName(path)}"));
        WriteLoadReport(output, report);

        // 2. Features: recency, frequency, monetary, order value, tenure, return rate per customer.
        progress.Begin("Customer features");
        var pipeline = new SegmentationPipeline(new SegmentationPipelineOptions { ClusterCount = a.K }, progress);
        FeatureMatrix<double> features = ExtractFeatures(pipeline, transactions);
        progress.End(string.Create(CultureInfo.InvariantCulture, $"{features.RowCount:N0} customers x {features.ColumnCount} features"));

        // 3-5. Clean and scale, choose k, K-Means, profiles and personas.
        progress.Begin(a.K is null ? "Choosing k and fitting K-Means" : "K-Means");
        var result = new Result(pipeline.Fit(features), features);
        progress.End(string.Create(CultureInfo.InvariantCulture, $"{result.ChosenK} segments, inertia {result.Model.Inertia:N1}, {result.Model.Iterations} iterations"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cleaning: dropped {result.DroppedCustomers:N0} customers with no purchase in the window; log1p on frequency, monetary and aov; standard scaling."));
        WriteChooseK(output, result);
        WriteProfiles(output, result);
        WritePlaybook(output, result);

        // 6. Drift: first against second half of the period, features and segment shares.
        DriftReport? drift = WriteDrift(output, transactions, pipeline, result, outputFolder);

        // 7. Audience export, filtered by opt-in when a customer file says who opted in.
        Dictionary<string, bool?>? optIn = customersPath is null ? null : LoadOptIn(customersPath, output);
        string audiencePath = Path.Combine(outputFolder, "audience.csv");
        int exported = WriteAudience(audiencePath, result, optIn, out int excluded);
        output.WriteLine();
        output.WriteLine(optIn is null
            ? $"Audience: {exported:N0} customers (the transactions carry no opt-in flag; pass --customers customers.csv with an opt_in column to filter)."
            : $"Audience: {exported:N0} opted-in customers; {excluded:N0} excluded for no opt-in.");

        // 8. Files: the segment summary as JSON, the fitted scaler and model for scoring services, charts.
        string summaryPath = Path.Combine(outputFolder, "segments.json");
        File.WriteAllText(summaryPath, JsonSerializer.Serialize(Summary(path, report, result), ToolJson.Options));
        ModelPersistence.SaveToFile(result.Segmentation, Path.Combine(outputFolder, "segmentation.model.json"));
        ModelPersistence.SaveToFile(result.Model, Path.Combine(outputFolder, "kmeans.model.json"));
        WriteCharts(outputFolder, result);

        // 9. One self-contained HTML report of all of it (choose-k, scatter, profiles, audience, drift) for a browser.
        string reportPath = Path.Combine(outputFolder, "report.html");
        using (var html = new StreamWriter(reportPath, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            SegmentationReport.Write(html, result.Segmentation, features, drift, new SegmentationReportOptions { Title = $"Retail segmentation: {Path.GetFileName(path)}" });
        }

        output.WriteLine($"Wrote {audiencePath}");
        output.WriteLine($"Wrote {summaryPath}, drift.json, segmentation.model.json, kmeans.model.json");
        output.WriteLine($"Wrote charts to {outputFolder}: choose_k.png, segments_pca.png, segment_profiles.png");
        output.WriteLine($"Wrote {reportPath}");
        return 0;
    }

    private static void WriteLoadReport(TextWriter output, CsvReadReport report)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  skipped {report.SkippedMissingCustomerId:N0} rows without a customer id; rejected {report.RejectedCount:N0} malformed rows."));
        if (report.RejectedRows.Count > 0)
        {
            var rejected = new ConsoleTable("line", "column", "reason", "value");
            foreach (RejectedRow row in report.RejectedRows.Take(5))
            {
                rejected.AddRow(row.Line, row.Column, row.Reason, row.Value);
            }

            rejected.Write(output);
        }
    }

    private static FeatureMatrix<double> ExtractFeatures(SegmentationPipeline pipeline, IEnumerable<Transaction> transactions) =>
        new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = pipeline.Options.Columns }).Extract(transactions);

    /// <summary>The fitted segmentation and the views of it the sample prints and draws.</summary>
    private sealed class Result
    {
        public Result(SegmentationModel model, FeatureMatrix<double> features)
        {
            Segmentation = model;
            SegmentAssignment training = model.AssignCustomers(features);
            RawFeatures = training.Features;
            ScaledFeatures = model.Preprocessing.Transform(training.Features);
        }

        public SegmentationModel Segmentation { get; }

        public KMeansModel<double> Model => Segmentation.KMeans;

        public FeatureMatrix<double> RawFeatures { get; }

        public FeatureMatrix<double> ScaledFeatures { get; }

        public IReadOnlyList<ClusterCountScore> Candidates => Segmentation.Scores;

        public IReadOnlyList<SegmentSummary> Profiles => Segmentation.Segments;

        public int ChosenK => Segmentation.SegmentCount;

        public int? ElbowK => Segmentation.ElbowClusterCount;

        public string? Reason => Segmentation.ChooseKReason;

        public int DroppedCustomers => Segmentation.DroppedCustomerCount;
    }

    private static void WriteChooseK(TextWriter output, Result result)
    {
        output.WriteLine();
        output.WriteLine("Choosing k (higher silhouette and Calinski-Harabasz, lower Davies-Bouldin are better)");
        var table = new ConsoleTable("k", "inertia", "silhouette", "Calinski-Harabasz", "Davies-Bouldin", "");
        foreach (ClusterCountScore c in result.Candidates)
        {
            table.AddRow(c.ClusterCount, c.Inertia, c.Silhouette, c.CalinskiHarabasz, c.DaviesBouldin,
                c.ClusterCount == result.ChosenK ? "<- chosen" : c.ClusterCount == result.ElbowK ? "elbow" : "");
        }

        table.Write(output);
        if (result.Reason is not null)
        {
            output.WriteLine(result.Reason);
        }
    }

    private static void WriteProfiles(TextWriter output, Result result)
    {
        output.WriteLine();
        output.WriteLine("Segments (averages per customer; recency and tenure in days, money in GBP)");
        var table = new ConsoleTable("segment", "persona", "customers", "share", "recency", "orders", "spend", "order value", "tenure", "return rate");
        foreach (SegmentSummary p in result.Profiles)
        {
            table.AddRow(p.Segment, p.Persona, p.Customers, string.Create(CultureInfo.InvariantCulture, $"{p.Share:0.0%}"),
                p.Means[CustomerFeatureNames.Recency], p.Means[CustomerFeatureNames.Frequency], p.Means[CustomerFeatureNames.Monetary],
                p.Means[CustomerFeatureNames.AverageOrderValue], p.Means[CustomerFeatureNames.Tenure], p.Means[CustomerFeatureNames.ReturnRate]);
        }

        table.Write(output);
    }

    private static void WritePlaybook(TextWriter output, Result result)
    {
        output.WriteLine();
        output.WriteLine("Promotion playbook");
        var table = new ConsoleTable("segment", "persona", "offer", "category focus", "max discount", "channel", "cadence");
        foreach (SegmentSummary p in result.Profiles)
        {
            table.AddRow(p.Segment, p.Persona, p.Play.OfferType, p.Play.CategoryFocus, string.Create(CultureInfo.InvariantCulture, $"{p.Play.MaxDiscount:0%}"), p.Play.Channel, p.Play.Cadence);
        }

        table.Write(output);
    }

    private static DriftReport? WriteDrift(TextWriter output, List<Transaction> transactions, SegmentationPipeline pipeline, Result result, string folder)
    {
        DateTime first = DateTime.MaxValue;
        DateTime last = DateTime.MinValue;
        foreach (Transaction t in transactions)
        {
            first = t.Timestamp < first ? t.Timestamp : first;
            last = t.Timestamp > last ? t.Timestamp : last;
        }

        DateTime middle = first + ((last - first) / 2);
        SegmentAssignment referenceSegments = result.Segmentation.AssignCustomers(ExtractFeatures(pipeline, transactions.Where(t => t.Timestamp < middle)));
        SegmentAssignment currentSegments = result.Segmentation.AssignCustomers(ExtractFeatures(pipeline, transactions.Where(t => t.Timestamp >= middle)));
        FeatureMatrix<double> reference = referenceSegments.Features;
        FeatureMatrix<double> current = currentSegments.Features;
        output.WriteLine();
        if (reference.RowCount < 20 || current.RowCount < 20)
        {
            output.WriteLine("Drift: skipped, each half of the period needs at least 20 customers.");
            return null;
        }

        string referenceName = string.Create(CultureInfo.InvariantCulture, $"{first:yyyy-MM-dd}..{middle.AddDays(-1):yyyy-MM-dd}");
        string currentName = string.Create(CultureInfo.InvariantCulture, $"{middle:yyyy-MM-dd}..{last:yyyy-MM-dd}");
        DriftReport drift = DriftReport.Compute(reference, current, referenceName: referenceName, currentName: currentName);
        output.Write(drift.ToTable());
        File.WriteAllText(Path.Combine(folder, "drift.json"), drift.ToJson());

        // Assign each half's customers to this year's segments and compare the shares.
        int[] referenceLabels = [.. referenceSegments.Segments];
        int[] currentLabels = [.. currentSegments.Segments];
        SegmentShareComparison shares = SegmentShares.Compare(referenceLabels, currentLabels, result.ChosenK);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Segment shares by half (PSI {shares.Psi:0.000})"));
        var table = new ConsoleTable("segment", "persona", referenceName, currentName);
        foreach (SegmentSummary p in result.Profiles)
        {
            table.AddRow(p.Segment, p.Persona, string.Create(CultureInfo.InvariantCulture, $"{shares.ReferenceShares[p.Segment]:0.0%}"), string.Create(CultureInfo.InvariantCulture, $"{shares.CurrentShares[p.Segment]:0.0%}"));
        }

        table.Write(output);
        return drift;
    }

    private static Dictionary<string, bool?> LoadOptIn(string path, TextWriter output)
    {
        CsvLoadResult<Customer> customers = CustomerCsvReader.ReadAll(path);
        if (customers.Report.HasRejections)
        {
            output.WriteLine($"  {customers.Report.RejectedCount:N0} customer rows rejected (first: line {customers.Report.RejectedRows[0].Line}: {customers.Report.RejectedRows[0].Reason}).");
        }

        var optIn = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (Customer c in customers.Records)
        {
            optIn[c.Id] = c.OptIn;
        }

        return optIn;
    }

    private static int WriteAudience(string path, Result result, Dictionary<string, bool?>? optIn, out int excluded)
    {
        int exported = 0;
        excluded = 0;
        using var csv = new CsvOutput(path, "customer_id", "segment", "persona", "recommended_offer");
        ReadOnlySpan<int> labels = result.Model.Labels;
        for (int r = 0; r < result.RawFeatures.RowCount; r++)
        {
            string id = result.RawFeatures.RowIds![r];
            if (optIn is not null && !(optIn.TryGetValue(id, out bool? ok) && ok == true))
            {
                excluded++;
                continue;
            }

            SegmentSummary p = result.Profiles[labels[r]];
            csv.Row(id, p.Segment, p.Persona, p.RecommendedOffer);
            exported++;
        }

        return exported;
    }

    private static object Summary(string path, CsvReadReport report, Result result) => new
    {
        source = Path.GetFileName(path),
        rowsRead = report.RowsRead,
        rowsAccepted = report.RowsAccepted,
        rowsRejected = report.RejectedCount,
        rowsSkippedNoCustomer = report.SkippedMissingCustomerId,
        customers = result.RawFeatures.RowCount,
        customersDropped = result.DroppedCustomers,
        features = result.RawFeatures.ColumnNames,
        chooseK = result.Candidates.Select(c => new { k = c.ClusterCount, inertia = c.Inertia, silhouette = c.Silhouette, calinskiHarabasz = c.CalinskiHarabasz, daviesBouldin = c.DaviesBouldin }),
        elbowK = result.ElbowK,
        chooseKReason = result.Reason,
        chosenK = result.ChosenK,
        segments = result.Profiles,
    };

    private static void WriteCharts(string folder, Result result)
    {
        if (result.Candidates.Count > 1)
        {
            Charts.ElbowAndSilhouette(result.Candidates.Select(c => c.ClusterCount).ToArray(), result.Candidates.Select(c => c.Inertia).ToArray(),
                result.Candidates.Select(c => c.Silhouette).ToArray(), result.ChosenK, Path.Combine(folder, "choose_k.png"));
        }

        (double[] pc1, double[] pc2, double e1, double e2) = PrincipalComponents.FirstTwo(result.ScaledFeatures);
        string[] names = result.Profiles.Select(p => p.Persona).ToArray();
        Charts.SegmentScatter(pc1, pc2, result.Model.Labels, names, e1, e2, Path.Combine(folder, "segments_pca.png"));

        var z = new double[result.Profiles.Count, result.RawFeatures.ColumnCount];
        for (int s = 0; s < result.Profiles.Count; s++)
        {
            for (int c = 0; c < result.RawFeatures.ColumnCount; c++)
            {
                z[s, c] = result.Profiles[s].ZScores[result.RawFeatures.ColumnNames[c]];
            }
        }

        Charts.ProfileHeatmap(z, names, result.RawFeatures.ColumnNames, Path.Combine(folder, "segment_profiles.png"));
    }
}
