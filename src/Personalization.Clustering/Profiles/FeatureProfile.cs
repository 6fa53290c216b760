namespace Personalization.Clustering;

/// <summary>One feature of one segment, in original (un-scaled) units.</summary>
/// <param name="Feature">The feature (column) name.</param>
/// <param name="Mean">The segment mean.</param>
/// <param name="Median">The segment median (average of the two middle values for an even count).</param>
/// <param name="PopulationMean">The mean over all rows.</param>
/// <param name="PopulationStandardDeviation">The population standard deviation over all rows.</param>
/// <param name="DifferenceInStandardDeviations">(Mean - PopulationMean) / PopulationStandardDeviation; 0 when the deviation is 0.</param>
public sealed record FeatureProfile(string Feature, double Mean, double Median, double PopulationMean, double PopulationStandardDeviation, double DifferenceInStandardDeviations);
