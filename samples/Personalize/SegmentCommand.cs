using System.Text.Json;
using Personalization.Features;
using Personalization.Samples;

namespace Personalization.Cli;

/// <summary><c>personalize segment</c>: features -> clean and scale -> K-Means -> personas and offers.</summary>
public sealed class SegmentCommand : ICommand
{
    public string Name => "segment";

    public string Summary => "Segment customers with K-Means (k fixed or chosen by silhouette) and name personas.";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        .. TransactionInput.Options,
        new("k", "Number of segments, or 'auto' to choose among --min-k..--max-k by silhouette (ClusterCountSelection).", Default: "auto"),
        new("min-k", "Smallest k tried by --k auto.", Default: "3"),
        new("max-k", "Largest k tried by --k auto.", Default: "8"),
    ];

    public string Help => CommandLine.Help(
        "Usage: personalize segment --input <transactions.csv> [--k auto|N] [--output <dir>]",
        "Writes segments.csv (customer_id, segment, persona, recommended_offer) and segments.json (schema personalize.segment/v1:\nthe choose-k table, the chosen k and a profile per segment).",
        Options,
        "personalize segment --input online_retail.csv.gz --k auto --output out");

    public int Execute(ParsedOptions options, TextWriter stdout)
    {
        string kText = options.Get("k")!;
        int? k = kText == "auto" ? null : options.GetInt("k", 1, 1000);
        int minK = options.GetInt("min-k", 2, 50)!.Value;
        int maxK = options.GetInt("max-k", 2, 50)!.Value;
        if (minK > maxK)
        {
            throw new UsageException($"--min-k ({minK}) is larger than --max-k ({maxK}).");
        }

        using var output = new OutputFiles(options, "segments.csv", "segments.json");
        (List<Transaction> transactions, CsvReadReport report) = TransactionInput.Read(options, stdout);
        FeatureMatrix<double> features = SegmentationPipeline.ExtractFeatures(transactions);
        SegmentationResult result;
        try
        {
            result = SegmentationPipeline.Run(features, k, progress: null, minK, maxK);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new BadInputException(PersonalizeCli.OneLine(ex.Message));
        }

        string csvPath = output.PathOf("segments.csv");
        using (var csv = new CsvOutput(output.Create("segments.csv"), "customer_id", "segment", "persona", "recommended_offer"))
        {
            ReadOnlySpan<int> labels = result.Model.Labels;
            for (int r = 0; r < result.RawFeatures.RowCount; r++)
            {
                SegmentSummary p = result.Profiles[labels[r]];
                csv.Row(result.RawFeatures.RowIds![r], p.Segment, p.Persona, p.RecommendedOffer);
            }
        }

        string jsonPath = output.PathOf("segments.json");
        var summary = new
        {
            schema = "personalize.segment/v1",
            input = Output.InputSummary(options, report),
            customers = result.RawFeatures.RowCount,
            customersDropped = result.DroppedCustomers,
            features = result.RawFeatures.ColumnNames,
            kMode = k is null ? "auto" : "fixed",
            chosenK = result.ChosenK,
            elbowK = result.Selection?.ElbowClusterCount,
            chooseKReason = result.Selection?.Reason,
            chooseK = result.Candidates.Select(c => new { k = c.ClusterCount, inertia = c.Inertia, silhouette = c.Silhouette, calinskiHarabasz = c.CalinskiHarabasz, daviesBouldin = c.DaviesBouldin }),
            warnings = result.Warnings,
            segments = result.Profiles.Select(p => new
            {
                segment = p.Segment,
                persona = p.Persona,
                customers = p.Customers,
                share = p.Share,
                means = p.Means,
                zScores = p.ZScores,
                play = new { offerType = p.Play.OfferType, categoryFocus = p.Play.CategoryFocus, maxDiscount = p.Play.MaxDiscount, channel = p.Play.Channel, cadence = p.Play.Cadence, recommendedOffer = p.RecommendedOffer },
            }),
            files = new { csv = "segments.csv" },
        };
        output.WriteText("segments.json", JsonSerializer.Serialize(summary, SampleJson.Options));

        var table = new ConsoleTable("segment", "persona", "customers", "share", "recommended offer");
        foreach (SegmentSummary p in result.Profiles)
        {
            table.AddRow(p.Segment, p.Persona, p.Customers, $"{p.Share:0.0%}", p.RecommendedOffer);
        }

        foreach (string warning in result.Warnings)
        {
            stdout.WriteLine($"Warning: {warning}");
        }

        stdout.WriteLine($"{result.RawFeatures.RowCount:N0} customers in {result.ChosenK} segments ({(k is null ? "k chosen by silhouette" : "k fixed")})");
        table.Write(stdout);
        stdout.WriteLine($"-> {csvPath}, {jsonPath}");
        output.Commit();
        return ExitCodes.Success;
    }
}
