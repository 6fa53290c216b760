namespace Personalization.Segmentation;

/// <summary>
/// Settings of <see cref="SegmentationReport"/>: the title and how many customers the scatter draws.
/// Construction does no work; <see cref="Validate"/> checks the values.
/// </summary>
/// <remarks>Immutable; <c>with</c> clones.</remarks>
public sealed record SegmentationReportOptions : IValidatableOptions
{
    /// <summary>The largest <see cref="MaxScatterPoints"/> accepted (every point is one SVG element of the file).</summary>
    public const int MaxScatterPointsLimit = 50_000;

    /// <summary>Gets the report title (the page title and its first heading; HTML-escaped).</summary>
    /// <value>Default "Customer segmentation report".</value>
    public string Title { get; init; } = "Customer segmentation report";

    /// <summary>Gets the most customers the principal-component scatter draws; above it a seeded random sample of this size is drawn.</summary>
    /// <value>Default 2,000 (1 to <see cref="MaxScatterPointsLimit"/>).</value>
    public int MaxScatterPoints { get; init; } = 2_000;

    /// <summary>Gets the seed of the scatter's sample, so that the same inputs always give the same file.</summary>
    /// <value>Default 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>Checks every option; <see cref="SegmentationReport.Write"/> calls it.</summary>
    /// <exception cref="ArgumentException"><see cref="Title"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxScatterPoints"/> is below 1 or above <see cref="MaxScatterPointsLimit"/>.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            throw new ArgumentException("Title is null, empty or white space; give the report a title.", nameof(Title));
        }

        if (MaxScatterPoints < 1 || MaxScatterPoints > MaxScatterPointsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxScatterPoints), MaxScatterPoints, $"MaxScatterPoints must be in 1..{MaxScatterPointsLimit}.");
        }
    }
}
