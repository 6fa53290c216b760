namespace Personalization.Clustering;

/// <summary>Options of <see cref="SegmentProfiler"/>. Constructing options does no work; <c>Profile</c> validates them.</summary>
public sealed record SegmentProfileOptions
{
    /// <summary>Gets the name of the revenue column used for revenue shares, or <see langword="null"/> for none.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? RevenueColumn { get; init; }

    /// <summary>Gets how many values of each categorical column are listed per segment.</summary>
    /// <value>Default 3; at least 1.</value>
    public int TopCategoryCount { get; init; } = 3;
}
