namespace Personalization.Features.Internal;

/// <summary>Id normalisation shared by the loaders.</summary>
internal static class IdText
{
    /// <summary>Whether an id starts or ends with whitespace (kept by the reader only inside quotes).</summary>
    public static bool HasSurroundingWhitespace(string id) =>
        id.Length > 0 && (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]));

    /// <summary>Turns a number written with a zero fraction (<c>17850.0</c>) into its integer text (<c>17850</c>).</summary>
    public static string Normalize(string id)
    {
        int dot = id.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return id;
        }

        for (int i = 0; i < dot; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return id;
            }
        }

        for (int i = dot + 1; i < id.Length; i++)
        {
            if (id[i] != '0')
            {
                return id;
            }
        }

        return id[..dot];
    }
}
