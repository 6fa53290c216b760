using Personalization.Experiments;

namespace Personalization.Sql;

/// <summary>The sufficient statistics of one experiment arm, computed in the engine by <see cref="SqlExperimentStatistics.Compute"/>:
/// the unit count, each metric's sums (<see cref="Metrics"/>), the covariate's sums and the ratio cross-products.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SqlArmStatistics
{
    private readonly SqlMetricStatistics[] _metrics;
    private readonly Dictionary<(string, string), double> _ratios;

    internal SqlArmStatistics(string arm, long count, long covariateCount, double covariateSum, double covariateSumOfSquares, double covariateMinimum, double covariateMaximum,
        Func<SqlArmStatistics, SqlMetricStatistics[]> metrics, Dictionary<(string, string), double> ratioCrossProducts)
    {
        Arm = arm;
        Count = count;
        CovariateCount = covariateCount;
        CovariateSum = covariateSum;
        CovariateSumOfSquares = covariateSumOfSquares;
        CovariateMinimum = covariateMinimum;
        CovariateMaximum = covariateMaximum;
        _ratios = ratioCrossProducts;
        _metrics = metrics(this);
    }

    /// <summary>Gets the arm name.</summary>
    public string Arm { get; }

    /// <summary>Gets the number of units n.</summary>
    public long Count { get; }

    /// <summary>Gets each metric's statistics, in the order of <see cref="SqlExperimentColumns.Metrics"/>.</summary>
    public IReadOnlyList<SqlMetricStatistics> Metrics => _metrics;

    /// <summary>Gets the number of units with a (non-NULL) covariate; 0 without a covariate column.</summary>
    public long CovariateCount { get; }

    /// <summary>Gets Σ x over the units with a covariate.</summary>
    public double CovariateSum { get; }

    /// <summary>Gets Σ x² over the units with a covariate.</summary>
    public double CovariateSumOfSquares { get; }

    /// <summary>Gets the smallest covariate, or NaN without covariates.</summary>
    public double CovariateMinimum { get; }

    /// <summary>Gets the largest covariate, or NaN without covariates.</summary>
    public double CovariateMaximum { get; }

    /// <summary>Gets the statistics of metric <paramref name="name"/>.</summary>
    /// <param name="name">A column of <see cref="SqlExperimentColumns.Metrics"/>.</param>
    /// <returns>The metric's statistics.</returns>
    /// <exception cref="ArgumentException">The metric was not computed.</exception>
    public SqlMetricStatistics Metric(string name)
    {
        foreach (SqlMetricStatistics metric in _metrics)
        {
            if (metric.Name == name)
            {
                return metric;
            }
        }

        throw new ArgumentException($"Metric '{name}' was not computed; the metrics are {string.Join(", ", _metrics.Select(m => m.Name))}.", nameof(name));
    }

    /// <summary>Gets the ratio-metric summary (numerator Y and denominator X per unit) for <see cref="RatioMetricTest"/>.</summary>
    /// <param name="numerator">The numerator metric.</param>
    /// <param name="denominator">The denominator metric.</param>
    /// <returns><see cref="RatioSummary.FromSums"/>(n, Σ Y, Σ X, Σ Y², Σ X², Σ Y · X).</returns>
    /// <exception cref="ArgumentException">The pair is not in <see cref="SqlExperimentColumns.Ratios"/>, the arm has fewer than 2 units, or the denominators sum to zero.</exception>
    public RatioSummary Ratio(string numerator, string denominator)
    {
        if (!_ratios.TryGetValue((numerator, denominator), out double cross))
        {
            throw new ArgumentException($"The ratio ({numerator}, {denominator}) was not computed; add it to SqlExperimentColumns.Ratios.", nameof(numerator));
        }

        SqlMetricStatistics y = Metric(numerator);
        SqlMetricStatistics x = Metric(denominator);
        return RatioSummary.FromSums(Count, y.Sum, x.Sum, y.SumOfSquares, x.SumOfSquares, cross);
    }
}
