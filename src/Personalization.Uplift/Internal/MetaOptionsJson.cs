using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Uplift.Internal;

/// <summary>The scalar options of a meta-learner as saved in its model's payload (format version 2 onwards).</summary>
internal readonly record struct SavedMetaOptions(PropensityMode Propensity, double? KnownPropensity, double PropensityClip, bool? CrossFitting, int? FoldCount, int? Seed);

/// <summary>
/// The "options" object of meta-model payloads (format version 2): the propensity mode, known propensity, clip,
/// cross-fitting switch, fold count and seed. The learners are not saved (a loaded model rebuilds the effect learner
/// from its saved base model's options); a version-1 payload has no such object and <see cref="Read"/> returns null.
/// </summary>
internal static class MetaOptionsJson
{
    private const string Name = "options";

    public static SavedMetaOptions From(CrossFittedLearnerOptions o) => new(o.Propensity, o.KnownPropensity, o.PropensityClip, o.CrossFitting, o.FoldCount, o.Seed);

    /// <summary>The options <paramref name="defaults"/> with the saved scalars applied (those a version-1 payload lacks stay as in <paramref name="defaults"/>).</summary>
    public static T Apply<T>(T defaults, SavedMetaOptions? saved)
        where T : CrossFittedLearnerOptions
    {
        if (saved is not SavedMetaOptions s)
        {
            return defaults;
        }

        CrossFittedLearnerOptions o = defaults;
        return (T)(o with
        {
            Propensity = s.Propensity,
            KnownPropensity = s.KnownPropensity,
            PropensityClip = s.PropensityClip,
            CrossFitting = s.CrossFitting ?? o.CrossFitting,
            FoldCount = s.FoldCount ?? o.FoldCount,
            Seed = s.Seed ?? o.Seed,
        });
    }

    public static void Write(Utf8JsonWriter writer, SavedMetaOptions options)
    {
        writer.WriteStartObject(Name);
        writer.WriteString("propensity", options.Propensity.ToString());
        if (options.KnownPropensity is double known)
        {
            ModelJson.WriteDouble(writer, "knownPropensity", known);
        }

        ModelJson.WriteDouble(writer, "propensityClip", options.PropensityClip);
        if (options.CrossFitting is bool crossFitting)
        {
            writer.WriteBoolean("crossFitting", crossFitting);
        }

        if (options.FoldCount is int foldCount)
        {
            writer.WriteNumber("foldCount", foldCount);
        }

        if (options.Seed is int seed)
        {
            writer.WriteNumber("seed", seed);
        }

        writer.WriteEndObject();
    }

    /// <exception cref="InvalidDataException">The object is present but a value is missing or out of range.</exception>
    public static SavedMetaOptions? Read(JsonElement payload, string learner)
    {
        if (!payload.TryGetProperty(Name, out JsonElement o))
        {
            return null;
        }

        if (o.ValueKind != JsonValueKind.Object
            || !Enum.TryParse(ModelJson.GetString(o, "propensity"), ignoreCase: false, out PropensityMode mode)
            || !Enum.IsDefined(mode))
        {
            throw new InvalidDataException($"The saved {learner}'s \"{Name}\" must be an object whose \"propensity\" is Constant or Estimated.");
        }

        double? known = o.TryGetProperty("knownPropensity", out _) ? ModelJson.GetDouble(o, "knownPropensity") : null;
        double clip = ModelJson.GetDouble(o, "propensityClip");
        bool? crossFitting = o.TryGetProperty("crossFitting", out _) ? ModelJson.GetBoolean(o, "crossFitting") : null;
        int? foldCount = o.TryGetProperty("foldCount", out _) ? ModelJson.GetInt32(o, "foldCount") : null;
        int? seed = o.TryGetProperty("seed", out _) ? ModelJson.GetInt32(o, "seed") : null;
        try
        {
            MetaLearnerSupport.CheckPropensity(mode, known, clip);
            if (foldCount is int k)
            {
                CrossFitting.CheckFoldCount(k);
            }
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The saved {learner}'s \"{Name}\" are invalid: {e.Message}", e);
        }

        return new SavedMetaOptions(mode, known, clip, crossFitting, foldCount, seed);
    }
}
