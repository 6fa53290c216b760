using System.Text.Json;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace Personalization.Cli;

/// <summary><c>personalize segment</c>: features -> <see cref="SegmentationPipeline"/> (clean, log1p, scale, choose k, K-Means, personas).</summary>
internal sealed class SegmentCommand : ICommand
{
    public string Name => "segment";

    public string Summary => "Segment customers with K-Means (k fixed or chosen by silhouette) and name personas.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. FeatureInput.Options,
        new("k", "Number of segments, or 'auto' to choose among --min-k..--max-k by silhouette (ClusterCountSelection).", Default: "auto", Choices: ["auto"]),
        new("min-k", "Smallest k tried by --k auto.", Default: "3"),
        new("max-k", "Largest k tried by --k auto.", Default: "8"),
        .. Terminal.Options,
    ];

    public CommandHelp Help => new(
        "Usage: personalize segment --input <transactions.csv|.parquet|folder|glob> [--k auto|N] [--output <dir>]\n       personalize segment --provider postgres --connection \"Host=...\" --table <name> [--k auto|N]",
        "Writes segments.csv (customer_id, segment, persona, recommended_offer), segments.json (schema personalize.segment/v1:\nthe choose-k table, the chosen k and a profile per segment) and segmentation.model.json (the fitted model: preprocessing and centroids).",
        "personalize segment --input online_retail.csv.gz --k auto --output out");

    public int Execute(ParsedOptions options, Terminal terminal)
    {
        string kText = options.Get("k")!;
        int? k = kText == "auto" ? null : options.GetInt("k", 1, 1000);
        int minK = options.GetInt("min-k", 2, 50)!.Value;
        int maxK = options.GetInt("max-k", 2, 50)!.Value;
        if (minK > maxK)
        {
            throw new UsageException($"--min-k ({minK}) is larger than --max-k ({maxK}).");
        }

        var pipelineOptions = new SegmentationPipelineOptions { ClusterCount = k, MinClusterCount = minK, MaxClusterCount = maxK };
        using var output = new OutputFiles(options, "segments.csv", "segments.json", "segmentation.model.json");
        (FeatureMatrix<double> features, object input) = FeatureInput.Load(options, new CustomerFeatureOptions { Columns = pipelineOptions.Columns }, terminal);
        terminal.Begin(k is null
            ? $"Choosing k among {minK}..{maxK} by silhouette and fitting K-Means on {features.RowCount:N0} customers"
            : $"Fitting K-Means with k = {k} on {features.RowCount:N0} customers");
        SegmentationModel model = new SegmentationPipeline(pipelineOptions).Fit(features);
        SegmentAssignment assignment = model.AssignCustomers(features);

        terminal.Begin("Writing segments.csv and segmentation.model.json");
        string csvPath = output.PathOf("segments.csv");
        using (var csv = new CsvOutput(output.Create("segments.csv"), "customer_id", "segment", "persona", "recommended_offer"))
        {
            for (int r = 0; r < assignment.Segments.Length; r++)
            {
                SegmentSummary p = model.Segments[assignment.Segments[r]];
                csv.Row(assignment.Features.RowIds![r], p.Segment, p.Persona, p.RecommendedOffer);
            }
        }

        string modelPath = output.PathOf("segmentation.model.json");
        using (Stream modelFile = output.Create("segmentation.model.json"))
        {
            ModelPersistence.Save(model, modelFile);
        }

        string jsonPath = output.PathOf("segments.json");
        var summary = new
        {
            schema = "personalize.segment/v1",
            input,
            customers = model.TrainingCustomerCount,
            customersDropped = model.DroppedCustomerCount,
            features = model.FeatureNames,
            kMode = k is null ? "auto" : "fixed",
            chosenK = model.SegmentCount,
            elbowK = model.ElbowClusterCount,
            chooseKReason = model.ChooseKReason,
            chooseK = model.Scores.Select(c => new { k = c.ClusterCount, inertia = c.Inertia, silhouette = c.Silhouette, calinskiHarabasz = c.CalinskiHarabasz, daviesBouldin = c.DaviesBouldin }),
            warnings = model.Warnings,
            segments = model.Segments.Select(p => new
            {
                segment = p.Segment,
                persona = p.Persona,
                customers = p.Customers,
                share = p.Share,
                means = p.Means,
                zScores = p.ZScores,
                play = new { offerType = p.Play.OfferType, categoryFocus = p.Play.CategoryFocus, maxDiscount = p.Play.MaxDiscount, channel = p.Play.Channel, cadence = p.Play.Cadence, recommendedOffer = p.RecommendedOffer },
            }),
            files = new { csv = "segments.csv", model = "segmentation.model.json" },
        };
        string json = JsonSerializer.Serialize(summary, ToolJson.Options);
        output.WriteText("segments.json", json);

        var table = new ConsoleTable("segment", "persona", "customers", "share", "recommended offer");
        foreach (SegmentSummary p in model.Segments)
        {
            table.AddRow(p.Segment, p.Persona, p.Customers, $"{p.Share:0.0%}", p.RecommendedOffer);
        }

        foreach (string warning in model.Warnings)
        {
            terminal.Text.WriteLine($"Warning: {warning}");
        }

        terminal.Text.WriteLine($"{model.TrainingCustomerCount:N0} customers in {model.SegmentCount} segments ({(k is null ? "k chosen by silhouette" : "k fixed")})");
        table.Write(terminal.Text);
        terminal.Text.WriteLine($"-> {csvPath}, {jsonPath}, {modelPath}");
        output.Commit();
        terminal.Json(json);
        return ExitCodes.Success;
    }
}
