namespace Personalization.Clustering;

/// <summary>Options of <see cref="PersonaBuilder"/>. Constructing options does no work; <c>Build</c> validates them.</summary>
public sealed record PersonaOptions
{
    /// <summary>Gets the most features named per persona.</summary>
    /// <value>Default 3; between 1 and 10.</value>
    public int MaxTraits { get; init; } = 3;

    /// <summary>Gets the smallest |difference in SDs| for a feature to count as distinctive.</summary>
    /// <value>Default 0.5; finite and positive.</value>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Gets display words per feature: feature name to (high word, low word), for example "Frequency" to ("frequent", "infrequent"). Features not listed read "High X" / "Low X".</summary>
    /// <value>Default empty.</value>
    public IReadOnlyDictionary<string, (string High, string Low)> FeatureWords { get; init; } = new Dictionary<string, (string, string)>();

    /// <summary>Gets playbook overrides by segment label; they replace the default rule's entry.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyDictionary<int, PromotionPlaybookEntry> SegmentOverrides { get; init; } = new Dictionary<int, PromotionPlaybookEntry>();

    /// <summary>Gets playbook overrides by persona name (used when no segment override applies).</summary>
    /// <value>Default empty.</value>
    public IReadOnlyDictionary<string, PromotionPlaybookEntry> NameOverrides { get; init; } = new Dictionary<string, PromotionPlaybookEntry>();

    /// <summary>Gets the channel used when no categorical column suggests one.</summary>
    /// <value>Default "Email".</value>
    public string DefaultChannel { get; init; } = "Email";
}
