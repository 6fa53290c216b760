using System.Globalization;
using System.Net;

namespace Personalization.Segmentation.Report.Internal;

/// <summary>Escaping and invariant-culture number formatting for the HTML report.</summary>
internal static class HtmlFormat
{
    /// <summary>HTML-escapes text for element content and quoted attribute values (&amp; &lt; &gt; &quot; &#39;).</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A value for a table: "n/a" when not finite, thousands separators from 10,000 on, else up to <paramref name="decimals"/> decimals.</summary>
    public static string Number(double value, int decimals = 3)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        if (Math.Abs(value) >= 10_000)
        {
            return value.ToString("#,0", CultureInfo.InvariantCulture);
        }

        return value.ToString(decimals switch { 0 => "0", 1 => "0.#", 2 => "0.##", _ => "0.###" }, CultureInfo.InvariantCulture);
    }

    /// <summary>A p-value with three decimals, or "&amp;lt;0.001" (already escaped) below that.</summary>
    public static string PValue(double p) => double.IsFinite(p) && p < 0.001 ? "&lt;0.001" : Number(p, 3);

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal ("n/a" when not finite).</summary>
    public static string Percent(double share) => double.IsFinite(share) ? share.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A signed value with two decimals, for standardized differences.</summary>
    public static string Signed(double value) => double.IsFinite(value) ? value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>An SVG coordinate or length with at most two decimals.</summary>
    public static string Coordinate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An integer in invariant culture.</summary>
    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
