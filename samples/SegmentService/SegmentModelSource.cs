using Microsoft.Extensions.Options;
using Personalization;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace SegmentService;

/// <summary>The factory registered with <c>AddModel</c>: reads the saved model, or fits one on the configured transactions.</summary>
internal static class SegmentModelSource
{
    public static SegmentationModel Create(IServiceProvider services)
    {
        SegmentServiceOptions options = services.GetRequiredService<IOptions<SegmentServiceOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.ModelPath))
        {
            return ModelPersistence.LoadFromFile<SegmentationModel>(Path.GetFullPath(options.ModelPath));
        }

        if (!string.IsNullOrWhiteSpace(options.TrainingTransactions))
        {
            var pipeline = new SegmentationPipelineOptions { ClusterCount = options.ClusterCount };
            CsvLoadResult<Transaction> load = OnlineRetailCsv.ReadAll(options.TrainingTransactions);
            FeatureMatrix<double> features = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = pipeline.Columns }).Extract(load.Records);
            return new SegmentationPipeline(pipeline).Fit(features);
        }

        throw new InvalidOperationException($"No model configured: set {SegmentServiceOptions.Section}:ModelPath to a saved segmentation.model.json or {SegmentServiceOptions.Section}:TrainingTransactions to an Online Retail CSV.");
    }
}
