using System.Globalization;

namespace Personalization.Segmentation.Report.Internal;

/// <summary>One colour per segment: a ten-colour categorical palette, then evenly spread hues for more segments.</summary>
internal static class SegmentColors
{
    private static readonly string[] s_palette =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#5f6b7a",
    ];

    /// <summary>Gets the colour of segment <paramref name="segment"/> as "#rrggbb".</summary>
    public static string Of(int segment)
    {
        if (segment < s_palette.Length)
        {
            return s_palette[segment];
        }

        // The golden angle spreads any number of hues; saturation and lightness stay mid-range.
        double hue = (segment * 137.508) % 360;
        return FromHsl(hue, 0.55, 0.5);
    }

    /// <summary>Blends two "#rrggbb" colours: <paramref name="t"/> = 0 gives <paramref name="from"/>, 1 gives <paramref name="to"/>.</summary>
    public static string Blend(string from, string to, double t)
    {
        t = Math.Clamp(t, 0, 1);
        (int r0, int g0, int b0) = Parse(from);
        (int r1, int g1, int b1) = Parse(to);
        return Hex(
            (int)Math.Round(r0 + ((r1 - r0) * t), MidpointRounding.AwayFromZero),
            (int)Math.Round(g0 + ((g1 - g0) * t), MidpointRounding.AwayFromZero),
            (int)Math.Round(b0 + ((b1 - b0) * t), MidpointRounding.AwayFromZero));
    }

    /// <summary>Parses "#rrggbb".</summary>
    public static (int R, int G, int B) Parse(string color) => (
        int.Parse(color.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(color.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(color.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static string FromHsl(double hue, double saturation, double lightness)
    {
        double chroma = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        double h = hue / 60;
        double x = chroma * (1 - Math.Abs((h % 2) - 1));
        (double r, double g, double b) = h switch
        {
            < 1 => (chroma, x, 0.0),
            < 2 => (x, chroma, 0.0),
            < 3 => (0.0, chroma, x),
            < 4 => (0.0, x, chroma),
            < 5 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        double m = lightness - (chroma / 2);
        return Hex(ToByte(r + m), ToByte(g + m), ToByte(b + m));
    }

    private static int ToByte(double unit) => (int)Math.Round(Math.Clamp(unit, 0, 1) * 255, MidpointRounding.AwayFromZero);

    private static string Hex(int r, int g, int b) => string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
}
