using System.Globalization;

namespace Personalization.Clustering;

/// <summary>
/// Names segments from their most distinctive features and maps each to a promotion playbook entry.
/// </summary>
/// <remarks>
/// Naming rule (deterministic): rank features by |difference in SDs| (ties by column order), keep those
/// with |z| &gt;= <see cref="PersonaOptions.Threshold"/>, at most <see cref="PersonaOptions.MaxTraits"/>;
/// each becomes "High X" (z &gt; 0) or "Low X" (z &lt; 0), or the configured words; joined by ", ". A segment
/// with no distinctive feature is "Typical customers". Duplicate names get " (segment s)" appended.
/// Default playbook: the value level is the revenue column's z when a revenue column was profiled, else the
/// mean z of all features; z &gt;= 0.5 gives ("Loyalty reward / early access", 10%, "Monthly"), z &lt;= -0.5 gives
/// ("Reactivation coupon", 25%, "Weekly"), otherwise ("Cross-sell bundle", 15%, "Bi-weekly"). The category focus
/// is the feature with the largest positive z ("All categories" when none), and the channel is the top value of a
/// categorical column whose name contains "channel" (case-insensitive), else <see cref="PersonaOptions.DefaultChannel"/>.
/// Overrides by segment, then by name, replace the default entry. Thread-safe.
/// </remarks>
public static class PersonaBuilder
{
    /// <summary>Builds one persona per segment of <paramref name="profiles"/>.</summary>
    /// <param name="profiles">The segment profiles.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <returns>The personas, in the order of the segments.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profiles"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="PersonaOptions.MaxTraits"/> or <see cref="PersonaOptions.Threshold"/> is out of range.</exception>
    public static IReadOnlyList<Persona> Build(SegmentProfileTable profiles, PersonaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        options ??= new PersonaOptions();
        if (options.MaxTraits < 1 || options.MaxTraits > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(options.MaxTraits), options.MaxTraits, $"MaxTraits must be between 1 and 10, but was {options.MaxTraits}.");
        }

        if (!double.IsFinite(options.Threshold) || options.Threshold <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options.Threshold), options.Threshold, $"Threshold must be a finite number greater than 0, but was {options.Threshold}.");
        }

        var names = new string[profiles.Segments.Count];
        var traits = new List<string>[names.Length];
        for (int s = 0; s < names.Length; s++)
        {
            traits[s] = Traits(profiles.Segments[s], options);
            names[s] = traits[s].Count == 0 ? "Typical customers" : string.Join(", ", traits[s]);
        }

        var result = new Persona[names.Length];
        for (int s = 0; s < names.Length; s++)
        {
            SegmentProfile segment = profiles.Segments[s];
            string name = names[s];
            if (Array.FindAll(names, n => n == name).Length > 1)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{name} (segment {segment.Segment})");
            }

            PromotionPlaybookEntry? entry = null;
            if (options.SegmentOverrides.TryGetValue(segment.Segment, out PromotionPlaybookEntry? bySegment))
            {
                entry = bySegment;
            }
            else if (options.NameOverrides.TryGetValue(name, out PromotionPlaybookEntry? byName))
            {
                entry = byName;
            }

            result[s] = new Persona(segment.Segment, name, traits[s], entry ?? DefaultEntry(segment, profiles.RevenueColumn, options), entry is not null);
        }

        return result;
    }

    /// <summary>The default playbook entry for a segment (see the class remarks for the rule).</summary>
    /// <param name="segment">The segment profile.</param>
    /// <param name="revenueColumn">The revenue column, or <see langword="null"/>.</param>
    /// <param name="options">The options.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="segment"/> or <paramref name="options"/> is null.</exception>
    public static PromotionPlaybookEntry DefaultEntry(SegmentProfile segment, string? revenueColumn, PersonaOptions options)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(options);
        double level = 0;
        FeatureProfile? revenue = revenueColumn is null ? null : segment.Features.FirstOrDefault(f => f.Feature == revenueColumn);
        if (revenue is not null)
        {
            level = revenue.DifferenceInStandardDeviations;
        }
        else if (segment.Features.Count > 0)
        {
            level = segment.Features.Average(f => f.DifferenceInStandardDeviations);
        }

        FeatureProfile? strongest = null;
        foreach (FeatureProfile f in segment.Features)
        {
            if (f.DifferenceInStandardDeviations > 0 && (strongest is null || f.DifferenceInStandardDeviations > strongest.DifferenceInStandardDeviations))
            {
                strongest = f;
            }
        }

        string focus = strongest?.Feature ?? "All categories";
        CategoryShare? channel = segment.TopCategories.FirstOrDefault(c => c.Column.Contains("channel", StringComparison.OrdinalIgnoreCase));
        string channelName = channel is null ? options.DefaultChannel : channel.Column + " " + channel.Value;
        return level >= 0.5
            ? new PromotionPlaybookEntry("Loyalty reward / early access", focus, 0.10, channelName, "Monthly")
            : level <= -0.5
                ? new PromotionPlaybookEntry("Reactivation coupon", focus, 0.25, channelName, "Weekly")
                : new PromotionPlaybookEntry("Cross-sell bundle", focus, 0.15, channelName, "Bi-weekly");
    }

    private static List<string> Traits(SegmentProfile segment, PersonaOptions options)
    {
        var ranked = new List<(FeatureProfile Feature, int Index)>();
        for (int i = 0; i < segment.Features.Count; i++)
        {
            if (Math.Abs(segment.Features[i].DifferenceInStandardDeviations) >= options.Threshold)
            {
                ranked.Add((segment.Features[i], i));
            }
        }

        ranked.Sort((a, b) =>
        {
            int byMagnitude = Math.Abs(b.Feature.DifferenceInStandardDeviations).CompareTo(Math.Abs(a.Feature.DifferenceInStandardDeviations));
            return byMagnitude != 0 ? byMagnitude : a.Index.CompareTo(b.Index);
        });

        var traits = new List<string>();
        foreach ((FeatureProfile f, int _) in ranked.Take(options.MaxTraits))
        {
            bool high = f.DifferenceInStandardDeviations > 0;
            string trait = options.FeatureWords.TryGetValue(f.Feature, out (string High, string Low) words)
                ? (high ? words.High : words.Low)
                : (high ? "High " : "Low ") + f.Feature;
            traits.Add(traits.Count == 0 ? Capitalize(trait) : trait);
        }

        return traits;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
