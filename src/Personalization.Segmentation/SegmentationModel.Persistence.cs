using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Segmentation;

/// <content>Versioned JSON persistence: the options, the nested preprocessing and K-Means payloads, the segments and the choose-k table.</content>
public sealed partial class SegmentationModel
{
    /// <inheritdoc/>
    public static string PersistedModelType => "Personalization.Segmentation.SegmentationModel";

    /// <inheritdoc/>
    public static int CurrentFormatVersion => 1;

    /// <inheritdoc/>
    public static int OldestReadableFormatVersion => 1;

    /// <summary>Writes the model without the K-Means training labels (<see cref="ModelSaveOptions.Default"/>), so the file size does not grow with the training customers.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer) => WritePayload(writer, ModelSaveOptions.Default);

    /// <summary>Writes the options, the nested preprocessing and K-Means payloads (the K-Means labels only with
    /// <see cref="ModelSaveOptions.IncludeTrainingLabels"/>), the segments and the choose-k table.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="options">Whether to write the training labels; a model loaded without them has empty <c>KMeans.Labels</c> and scores exactly as before.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="options"/> is null.</exception>
    public void WritePayload(Utf8JsonWriter writer, ModelSaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        writer.WriteStartObject();
        writer.WritePropertyName("options");
        SegmentationJson.WriteOptions(writer, Options);
        writer.WriteStartObject("preprocessing");
        writer.WriteNumber("formatVersion", PreprocessingModel.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        Preprocessing.WritePayload(writer);
        writer.WriteEndObject();
        writer.WriteStartObject("kMeans");
        writer.WriteNumber("formatVersion", KMeansModel<double>.CurrentFormatVersion);
        writer.WritePropertyName("payload");
        KMeans.WritePayload(writer, options);
        writer.WriteEndObject();
        writer.WriteStartArray("segments");
        foreach (SegmentSummary segment in Segments)
        {
            SegmentationJson.WriteSegment(writer, segment);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("scores");
        foreach (ClusterCountScore score in Scores)
        {
            SegmentationJson.WriteScore(writer, score);
        }

        writer.WriteEndArray();
        if (ChooseKReason is null)
        {
            writer.WriteNull("chooseKReason");
        }
        else
        {
            writer.WriteString("chooseKReason", ChooseKReason);
        }

        if (ElbowClusterCount is int elbow)
        {
            writer.WriteNumber("elbowK", elbow);
        }
        else
        {
            writer.WriteNull("elbowK");
        }

        ModelJson.WriteArray(writer, "warnings", Warnings);
        writer.WriteNumber("trainingCustomers", TrainingCustomerCount);
        writer.WriteNumber("droppedCustomers", DroppedCustomerCount);
        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public static SegmentationModel ReadPayload(JsonElement payload, int formatVersion)
    {
        SegmentationPipelineOptions options = SegmentationJson.ReadOptions(ModelJson.GetProperty(payload, "options"));
        ModelJson.CheckOptions(options, "The saved segmentation options are invalid");

        JsonElement pre = ModelJson.GetProperty(payload, "preprocessing");
        PreprocessingModel preprocessing = PreprocessingModel.ReadPayload(ModelJson.GetProperty(pre, "payload"), NestedVersion(pre, "preprocessing", PreprocessingModel.OldestReadableFormatVersion, PreprocessingModel.CurrentFormatVersion));
        JsonElement km = ModelJson.GetProperty(payload, "kMeans");
        KMeansModel<double> kMeans = KMeansModel<double>.ReadPayload(ModelJson.GetProperty(km, "payload"), NestedVersion(km, "kMeans", KMeansModel<double>.OldestReadableFormatVersion, KMeansModel<double>.CurrentFormatVersion));

        if (!preprocessing.ColumnNames.SequenceEqual(options.Columns, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The saved preprocessing has columns ({string.Join(", ", preprocessing.ColumnNames)}) other than the segmentation columns ({string.Join(", ", options.Columns)}).");
        }

        if (kMeans.FeatureCount != options.Columns.Count)
        {
            throw new InvalidDataException($"The saved K-Means model has {kMeans.FeatureCount} features, but the segmentation has {options.Columns.Count} columns.");
        }

        ImmutableArray<SegmentSummary> segments = [.. ModelJson.GetProperty(payload, "segments").EnumerateArray().Select(SegmentationJson.ReadSegment)];
        if (segments.Length != kMeans.ClusterCount || segments.Select((s, i) => s.Segment != i).Any(bad => bad))
        {
            throw new InvalidDataException($"The saved model has {segments.Length} segment summaries numbered out of order, but {kMeans.ClusterCount} centroids; segments must list ids 0..{kMeans.ClusterCount - 1} in order.");
        }

        ImmutableArray<ClusterCountScore> scores = [.. ModelJson.GetProperty(payload, "scores").EnumerateArray().Select(SegmentationJson.ReadScore)];
        JsonElement reason = ModelJson.GetProperty(payload, "chooseKReason");
        int? elbow = ModelJson.GetProperty(payload, "elbowK").ValueKind == JsonValueKind.Null ? null : ModelJson.GetInt32(payload, "elbowK");
        int training = ModelJson.GetInt32(payload, "trainingCustomers");
        int dropped = ModelJson.GetInt32(payload, "droppedCustomers");
        if (training < 1 || dropped < 0)
        {
            throw new InvalidDataException($"The saved model says it was fitted on {training} customers with {dropped} dropped; both counts must be non-negative and the first positive.");
        }

        return new SegmentationModel(options, preprocessing, kMeans, segments, scores, reason.ValueKind == JsonValueKind.Null ? null : reason.GetString(), elbow, [.. ModelJson.GetStringArray(payload, "warnings")], training, dropped);
    }

    private static int NestedVersion(JsonElement element, string name, int oldest, int current)
    {
        int version = ModelJson.GetInt32(element, "formatVersion");
        if (version < oldest || version > current)
        {
            throw new InvalidDataException($"The saved {name} part has format version {version}; this build reads versions {oldest} to {current}.");
        }

        return version;
    }
}
