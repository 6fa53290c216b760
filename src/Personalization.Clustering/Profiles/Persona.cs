namespace Personalization.Clustering;

/// <summary>A named segment with its promotion playbook entry.</summary>
/// <param name="Segment">The segment label.</param>
/// <param name="Name">The name built by the naming rule, for example "High Grocery, High Milk, Low Fresh".</param>
/// <param name="Traits">The distinctive features behind the name, most distinctive first.</param>
/// <param name="Playbook">The playbook entry (the default rule's, or an override).</param>
/// <param name="IsOverridden">Whether <see cref="Playbook"/> came from an override.</param>
public sealed record Persona(int Segment, string Name, IReadOnlyList<string> Traits, PromotionPlaybookEntry Playbook, bool IsOverridden);
