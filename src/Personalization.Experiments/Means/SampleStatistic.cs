namespace Personalization.Experiments;

/// <summary>A statistic of one sample (mean, median, a trimmed mean, a percentile...), used by <see cref="Bootstrap"/>.</summary>
/// <param name="sample">The sample; the span is only valid during the call and may be reordered by the statistic.</param>
/// <returns>The statistic.</returns>
public delegate double SampleStatistic(Span<double> sample);
