using System.Collections.Immutable;
using System.Text.Json;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Persistence;

namespace Personalization.Segmentation;

/// <summary>JSON of the parts of a <see cref="SegmentationModel"/> that are not models themselves.</summary>
internal static class SegmentationJson
{
    public static void WriteOptions(Utf8JsonWriter writer, SegmentationPipelineOptions o)
    {
        writer.WriteStartObject();
        ModelJson.WriteArray(writer, "columns", o.Columns);
        ModelJson.WriteArray(writer, "logColumns", o.LogColumns);
        writer.WriteString("scaler", o.Scaler.ToString());
        if (o.ClusterCount is int k)
        {
            writer.WriteNumber("clusterCount", k);
        }
        else
        {
            writer.WriteNull("clusterCount");
        }

        writer.WriteNumber("minClusterCount", o.MinClusterCount);
        writer.WriteNumber("maxClusterCount", o.MaxClusterCount);
        writer.WriteString("selectionRule", o.SelectionRule.ToString());
        writer.WriteNumber("silhouetteSampleSize", o.SilhouetteSampleSize);
        writer.WriteNumber("selectionRestarts", o.SelectionRestarts);
        writer.WriteNumber("restarts", o.Restarts);
        writer.WriteNumber("seed", o.Seed);
        if (o.RevenueColumn is null)
        {
            writer.WriteNull("revenueColumn");
        }
        else
        {
            writer.WriteString("revenueColumn", o.RevenueColumn);
        }

        writer.WriteStartObject("personas");
        writer.WriteNumber("maxTraits", o.Personas.MaxTraits);
        ModelJson.WriteDouble(writer, "threshold", o.Personas.Threshold);
        writer.WriteString("defaultChannel", o.Personas.DefaultChannel);
        writer.WriteStartObject("featureWords");
        foreach (KeyValuePair<string, (string High, string Low)> pair in o.Personas.FeatureWords.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteStartArray(pair.Key);
            writer.WriteStringValue(pair.Value.High);
            writer.WriteStringValue(pair.Value.Low);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("nameOverrides");
        foreach (KeyValuePair<string, PromotionPlaybookEntry> pair in o.Personas.NameOverrides.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(pair.Key);
            WritePlay(writer, pair.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("segmentOverrides");
        foreach (KeyValuePair<int, PromotionPlaybookEntry> pair in o.Personas.SegmentOverrides.OrderBy(p => p.Key))
        {
            writer.WritePropertyName(pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture));
            WritePlay(writer, pair.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("categoryFocus");
        foreach (KeyValuePair<string, string> pair in o.CategoryFocus.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(pair.Key, pair.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static SegmentationPipelineOptions ReadOptions(JsonElement e)
    {
        JsonElement personas = ModelJson.GetProperty(e, "personas");
        var words = new Dictionary<string, (string High, string Low)>(StringComparer.Ordinal);
        foreach (JsonProperty p in ModelJson.GetProperty(personas, "featureWords").EnumerateObject())
        {
            string[] pair = p.Value.ValueKind == JsonValueKind.Array ? [.. p.Value.EnumerateArray().Select(v => v.GetString() ?? string.Empty)] : [];
            if (pair.Length != 2)
            {
                throw new InvalidDataException($"personas.featureWords.{p.Name} must be an array of two strings (high, low).");
            }

            words[p.Name] = (pair[0], pair[1]);
        }

        var names = new Dictionary<string, PromotionPlaybookEntry>(StringComparer.Ordinal);
        foreach (JsonProperty p in ModelJson.GetProperty(personas, "nameOverrides").EnumerateObject())
        {
            names[p.Name] = ReadPlay(p.Value);
        }

        var segments = new Dictionary<int, PromotionPlaybookEntry>();
        foreach (JsonProperty p in ModelJson.GetProperty(personas, "segmentOverrides").EnumerateObject())
        {
            if (!int.TryParse(p.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id))
            {
                throw new InvalidDataException($"personas.segmentOverrides has the key '{p.Name}', which is not a segment id.");
            }

            segments[id] = ReadPlay(p.Value);
        }

        var focus = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in ModelJson.GetProperty(e, "categoryFocus").EnumerateObject())
        {
            focus[p.Name] = p.Value.GetString() ?? throw new InvalidDataException($"categoryFocus.{p.Name} must be a string.");
        }

        JsonElement k = ModelJson.GetProperty(e, "clusterCount");
        JsonElement revenue = ModelJson.GetProperty(e, "revenueColumn");
        return new SegmentationPipelineOptions
        {
            Columns = ModelJson.GetStringArray(e, "columns"),
            LogColumns = ModelJson.GetStringArray(e, "logColumns"),
            Scaler = ParseEnum<ScalerKind>(ModelJson.GetString(e, "scaler"), "scaler"),
            ClusterCount = k.ValueKind == JsonValueKind.Null ? null : ModelJson.GetInt32(e, "clusterCount"),
            MinClusterCount = ModelJson.GetInt32(e, "minClusterCount"),
            MaxClusterCount = ModelJson.GetInt32(e, "maxClusterCount"),
            SelectionRule = ParseEnum<SelectionRule>(ModelJson.GetString(e, "selectionRule"), "selectionRule"),
            SilhouetteSampleSize = ModelJson.GetInt32(e, "silhouetteSampleSize"),
            SelectionRestarts = ModelJson.GetInt32(e, "selectionRestarts"),
            Restarts = ModelJson.GetInt32(e, "restarts"),
            Seed = ModelJson.GetInt32(e, "seed"),
            RevenueColumn = revenue.ValueKind == JsonValueKind.Null ? null : ModelJson.GetString(e, "revenueColumn"),
            Personas = new PersonaOptions
            {
                MaxTraits = ModelJson.GetInt32(personas, "maxTraits"),
                Threshold = ModelJson.GetDouble(personas, "threshold"),
                DefaultChannel = ModelJson.GetString(personas, "defaultChannel"),
                FeatureWords = words,
                NameOverrides = names,
                SegmentOverrides = segments,
            },
            CategoryFocus = focus,
        };
    }

    public static void WriteSegment(Utf8JsonWriter writer, SegmentSummary s)
    {
        writer.WriteStartObject();
        writer.WriteNumber("segment", s.Segment);
        writer.WriteString("persona", s.Persona);
        ModelJson.WriteArray(writer, "traits", s.Traits);
        writer.WriteNumber("customers", s.Customers);
        ModelJson.WriteDouble(writer, "share", s.Share);
        WriteMap(writer, "means", s.Means);
        WriteMap(writer, "zScores", s.ZScores);
        writer.WritePropertyName("play");
        WritePlay(writer, s.Play);
        writer.WriteEndObject();
    }

    public static SegmentSummary ReadSegment(JsonElement e) => new(
        ModelJson.GetInt32(e, "segment"),
        ModelJson.GetString(e, "persona"),
        [.. ModelJson.GetStringArray(e, "traits")],
        ModelJson.GetInt32(e, "customers"),
        ModelJson.GetDouble(e, "share"),
        ReadMap(e, "means"),
        ReadMap(e, "zScores"),
        ReadPlay(ModelJson.GetProperty(e, "play")));

    public static void WriteScore(Utf8JsonWriter writer, ClusterCountScore s)
    {
        writer.WriteStartObject();
        writer.WriteNumber("k", s.ClusterCount);
        ModelJson.WriteDouble(writer, "inertia", s.Inertia);
        ModelJson.WriteDouble(writer, "silhouette", s.Silhouette);
        ModelJson.WriteDouble(writer, "calinskiHarabasz", s.CalinskiHarabasz);
        ModelJson.WriteDouble(writer, "daviesBouldin", s.DaviesBouldin);
        ModelJson.WriteDouble(writer, "gap", s.Gap);
        ModelJson.WriteDouble(writer, "gapStandardError", s.GapStandardError);
        writer.WriteEndObject();
    }

    public static ClusterCountScore ReadScore(JsonElement e) => new(
        ModelJson.GetInt32(e, "k"),
        ModelJson.GetDouble(e, "inertia"),
        ModelJson.GetDouble(e, "silhouette"),
        ModelJson.GetDouble(e, "calinskiHarabasz"),
        ModelJson.GetDouble(e, "daviesBouldin"),
        ModelJson.GetDouble(e, "gap"),
        ModelJson.GetDouble(e, "gapStandardError"));

    private static void WritePlay(Utf8JsonWriter writer, PromotionPlaybookEntry p)
    {
        writer.WriteStartObject();
        writer.WriteString("offerType", p.OfferType);
        writer.WriteString("categoryFocus", p.CategoryFocus);
        ModelJson.WriteDouble(writer, "maxDiscount", p.MaxDiscount);
        writer.WriteString("channel", p.Channel);
        writer.WriteString("cadence", p.Cadence);
        writer.WriteEndObject();
    }

    private static PromotionPlaybookEntry ReadPlay(JsonElement e) => new(
        ModelJson.GetString(e, "offerType"),
        ModelJson.GetString(e, "categoryFocus"),
        ModelJson.GetDouble(e, "maxDiscount"),
        ModelJson.GetString(e, "channel"),
        ModelJson.GetString(e, "cadence"));

    private static void WriteMap(Utf8JsonWriter writer, string name, ImmutableDictionary<string, double> map)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, double> pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            ModelJson.WriteDouble(writer, pair.Key, pair.Value);
        }

        writer.WriteEndObject();
    }

    private static ImmutableDictionary<string, double> ReadMap(JsonElement e, string name)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        JsonElement map = ModelJson.GetProperty(e, name);
        foreach (JsonProperty p in map.EnumerateObject())
        {
            builder[p.Name] = ModelJson.GetDouble(map, p.Name);
        }

        return builder.ToImmutable();
    }

    private static T ParseEnum<T>(string text, string name)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: false, out T value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"The saved option {name} is '{text}', which is not one of {string.Join(", ", Enum.GetNames<T>())}.");
}
