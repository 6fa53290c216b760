using Personalization.Experiments;

namespace Personalization.Sql;

/// <summary>The sufficient statistics of one experiment arm, computed in the engine by <see cref="SqlExperimentStatistics.Compute"/>:
/// counts, sums, sums of squares and the cross-products that the conversion, revenue, CUPED and revenue-per-conversion tests need.</summary>
/// <remarks>Immutable and thread-safe. The summaries are built with the <c>FromSums</c> factories, which lose digits when a mean dwarfs the spread
/// (see <see cref="SampleSummary.FromSums"/>).</remarks>
public sealed class SqlArmStatistics
{
    internal SqlArmStatistics(string arm, long count, long conversions, double revenueSum, double revenueSumOfSquares, double convertedRevenueSum,
        long covariateCount, double covariateSum, double covariateSumOfSquares, double revenueCovariateSum, double covariateMinimum, double covariateMaximum)
    {
        Arm = arm;
        Count = count;
        Conversions = conversions;
        RevenueSum = revenueSum;
        RevenueSumOfSquares = revenueSumOfSquares;
        ConvertedRevenueSum = convertedRevenueSum;
        CovariateCount = covariateCount;
        CovariateSum = covariateSum;
        CovariateSumOfSquares = covariateSumOfSquares;
        RevenueCovariateSum = revenueCovariateSum;
        CovariateMinimum = covariateMinimum;
        CovariateMaximum = covariateMaximum;
    }

    /// <summary>Gets the arm name.</summary>
    public string Arm { get; }

    /// <summary>Gets the number of units n.</summary>
    public long Count { get; }

    /// <summary>Gets the number of converted units.</summary>
    public long Conversions { get; }

    /// <summary>Gets Σ revenue.</summary>
    public double RevenueSum { get; }

    /// <summary>Gets Σ revenue².</summary>
    public double RevenueSumOfSquares { get; }

    /// <summary>Gets Σ revenue over converted units (the cross-product of revenue and the 0/1 conversion flag).</summary>
    public double ConvertedRevenueSum { get; }

    /// <summary>Gets the number of units with a (non-NULL) covariate; 0 when no covariate column was given.</summary>
    public long CovariateCount { get; }

    /// <summary>Gets Σ covariate.</summary>
    public double CovariateSum { get; }

    /// <summary>Gets Σ covariate².</summary>
    public double CovariateSumOfSquares { get; }

    /// <summary>Gets Σ revenue · covariate.</summary>
    public double RevenueCovariateSum { get; }

    /// <summary>Gets the smallest covariate, or NaN without covariates.</summary>
    public double CovariateMinimum { get; }

    /// <summary>Gets the largest covariate, or NaN without covariates.</summary>
    public double CovariateMaximum { get; }

    /// <summary>Gets the conversion summary for <see cref="TwoProportionZTest"/>, <see cref="BetaBinomial"/> and the proportion lifts.</summary>
    /// <returns>(n, conversions).</returns>
    public ProportionSummary Conversion() => new(Count, Conversions);

    /// <summary>Gets the revenue-per-unit summary for <see cref="TTest"/> and the mean lifts.</summary>
    /// <returns><see cref="SampleSummary.FromSums"/>(n, Σ revenue, Σ revenue²).</returns>
    public SampleSummary Revenue() => SampleSummary.FromSums(Count, RevenueSum, RevenueSumOfSquares);

    /// <summary>Gets the revenue and covariate summary for <see cref="Cuped"/>.</summary>
    /// <returns><see cref="CovariateSummary.FromSums"/>(n, Σ revenue, Σ covariate, Σ revenue², Σ covariate², Σ revenue · covariate).</returns>
    /// <exception cref="InvalidOperationException">Some unit of the arm has no covariate (or no covariate column was given).</exception>
    public CovariateSummary RevenueWithCovariate()
    {
        if (CovariateCount != Count)
        {
            throw new InvalidOperationException($"Arm '{Arm}' has {Count - CovariateCount} of {Count} units without a covariate; CUPED needs a covariate for every unit (set SqlExperimentColumns.Covariate, or fill the NULLs).");
        }

        return CovariateSummary.FromSums(Count, RevenueSum, CovariateSum, RevenueSumOfSquares, CovariateSumOfSquares, RevenueCovariateSum);
    }

    /// <summary>Gets the revenue-per-conversion summary for <see cref="RatioMetricTest"/>: numerator revenue, denominator the 0/1 conversion flag.</summary>
    /// <returns><see cref="RatioSummary.FromSums"/>(n, Σ revenue, conversions, Σ revenue², conversions, Σ revenue over converted units).</returns>
    /// <exception cref="ArgumentException">The arm has fewer than 2 units or no conversion.</exception>
    public RatioSummary RevenuePerConversion() =>
        RatioSummary.FromSums(Count, RevenueSum, Conversions, RevenueSumOfSquares, Conversions, ConvertedRevenueSum);
}
