using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Samples;

/// <summary>JSON settings for sample and CLI output: camelCase, indented, NaN written as a string.</summary>
public static class SampleJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
