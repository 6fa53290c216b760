using System.Text.Json;
using System.Text.Json.Serialization;

namespace Personalization.Cli;

/// <summary>JSON settings for the tool's JSON files: camelCase, indented, NaN written as a string.</summary>
internal static class ToolJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
