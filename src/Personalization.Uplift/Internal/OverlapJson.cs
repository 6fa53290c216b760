using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Uplift.Internal;

/// <summary>
/// The optional "poorOverlapShare" field of meta-model payloads: written when the fit recorded it, read as NaN
/// per arm when absent (payloads written before the diagnostic existed), validated to [0, 1] when present.
/// </summary>
internal static class OverlapJson
{
    private const string Name = "poorOverlapShare";

    public static void Write(Utf8JsonWriter writer, double[] share)
    {
        if (!Array.Exists(share, double.IsNaN))
        {
            ModelJson.WriteArray<double>(writer, Name, share);
        }
    }

    /// <exception cref="InvalidDataException">The field is present with the wrong length or a value outside [0, 1].</exception>
    public static double[]? Read(JsonElement payload, int armCount, string learner)
    {
        if (!payload.TryGetProperty(Name, out _))
        {
            return null;
        }

        double[] share = ModelJson.GetDoubleArray(payload, Name);
        if (share.Length != armCount || Array.Exists(share, v => !(v >= 0 && v <= 1)))
        {
            throw new InvalidDataException($"The saved {learner}'s \"{Name}\" must hold one value in [0, 1] per treatment arm ({armCount}).");
        }

        return share;
    }
}
