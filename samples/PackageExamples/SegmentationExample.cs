using Personalization;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace PackageExamples;

internal static class SegmentationExample
{
    public static void Run(string path)
    {
        // <readme>
        // Transactions in, segments with personas and a playbook out (k chosen by silhouette).
        IReadOnlyList<Transaction> transactions = OnlineRetailCsv.ReadAll(path).Records;
        SegmentationModel model = new SegmentationPipeline().Fit(transactions);
        foreach (SegmentSummary s in model.Segments)
        {
            Console.WriteLine($"segment {s.Segment} '{s.Persona}': {s.Customers:N0} customers, {s.RecommendedOffer}");
        }

        // One versioned file holds the preprocessing and the centroids; it assigns new customers anywhere.
        ModelPersistence.SaveToFile(model, "segmentation.model.json");
        SegmentAssignment assigned = ModelPersistence.LoadFromFile<SegmentationModel>("segmentation.model.json").Assign(transactions);
        Console.WriteLine($"{assigned.Segments.Length:N0} customers assigned, {assigned.DroppedCustomerCount} without a purchase");
        // </readme>
        File.Delete("segmentation.model.json");
    }
}
