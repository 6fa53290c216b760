namespace Personalization.Clustering;

/// <summary>A frequent category value within a segment.</summary>
/// <param name="Column">The categorical column, for example <c>Channel</c>.</param>
/// <param name="Value">The category value.</param>
/// <param name="Count">The number of segment rows with the value.</param>
/// <param name="Share">The share of the segment's rows with the value, in [0, 1].</param>
/// <param name="Lift">Share divided by the value's share in the whole population.</param>
public sealed record CategoryShare(string Column, string Value, int Count, double Share, double Lift);
