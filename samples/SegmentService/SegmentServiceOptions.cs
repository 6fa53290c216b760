namespace SegmentService;

/// <summary>Where the service's segmentation model comes from (configuration section <see cref="Section"/>).</summary>
public sealed class SegmentServiceOptions
{
    /// <summary>The configuration section, <c>SegmentService</c>.</summary>
    public const string Section = "SegmentService";

    /// <summary>The model's name in the <c>IModelRegistry</c>.</summary>
    public const string ModelName = "segments";

    /// <summary>Gets or sets a saved <c>segmentation.model.json</c> (from the RetailSegmentation sample or <c>personalize segment</c>); it wins over <see cref="TrainingTransactions"/>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets an Online Retail transactions CSV (optionally .gz) to fit the model on at start-up when no <see cref="ModelPath"/> is set.</summary>
    public string? TrainingTransactions { get; set; }

    /// <summary>Gets or sets a fixed segment count for the start-up fit, or null to let the pipeline choose k.</summary>
    public int? ClusterCount { get; set; }
}
