using Personalization.Experiments;

namespace Personalization.Sql;

/// <summary>The sums of one metric in one arm, computed in the engine: count, Σ y, Σ y², extremes, and with a covariate Σ y · x.</summary>
/// <remarks>Immutable and thread-safe. Summaries are built with the <c>FromSums</c> factories, which lose digits when a mean dwarfs the spread
/// (see <see cref="SampleSummary.FromSums"/>).</remarks>
public sealed class SqlMetricStatistics
{
    private readonly SqlArmStatistics _arm;

    internal SqlMetricStatistics(SqlArmStatistics arm, string name, double sum, double sumOfSquares, double minimum, double maximum, bool isBinary, double covariateCrossProduct)
    {
        _arm = arm;
        Name = name;
        Sum = sum;
        SumOfSquares = sumOfSquares;
        Minimum = minimum;
        Maximum = maximum;
        IsBinary = isBinary;
        CovariateCrossProduct = covariateCrossProduct;
    }

    /// <summary>Gets the metric column.</summary>
    public string Name { get; }

    /// <summary>Gets the number of units n (every unit has a value).</summary>
    public long Count => _arm.Count;

    /// <summary>Gets Σ y.</summary>
    public double Sum { get; }

    /// <summary>Gets Σ y².</summary>
    public double SumOfSquares { get; }

    /// <summary>Gets the smallest value.</summary>
    public double Minimum { get; }

    /// <summary>Gets the largest value.</summary>
    public double Maximum { get; }

    /// <summary>Gets a value indicating whether every value of the metric in this arm is 0 or 1.</summary>
    public bool IsBinary { get; }

    /// <summary>Gets Σ y · x over the units with a covariate (0 without a covariate column).</summary>
    public double CovariateCrossProduct { get; }

    /// <summary>Gets the proportion summary of a 0/1 metric, for <see cref="TwoProportionZTest"/>, <see cref="BetaBinomial"/> and the proportion lifts.</summary>
    /// <returns>(n, Σ y).</returns>
    /// <exception cref="InvalidOperationException">The metric is not 0/1 in this arm.</exception>
    public ProportionSummary Proportion() => IsBinary
        ? new ProportionSummary(Count, (long)Sum)
        : throw new InvalidOperationException($"Metric '{Name}' of arm '{_arm.Arm}' has values other than 0 and 1 (from {Minimum} to {Maximum}); use Sample() for a mean test.");

    /// <summary>Gets the sample summary for <see cref="TTest"/>, the mean lifts and the mSPRT.</summary>
    /// <returns><see cref="SampleSummary.FromSums"/>(n, Σ y, Σ y²).</returns>
    public SampleSummary Sample() => SampleSummary.FromSums(Count, Sum, SumOfSquares);

    /// <summary>Gets the metric and covariate summary for <see cref="Cuped"/>.</summary>
    /// <returns><see cref="CovariateSummary.FromSums"/>(n, Σ y, Σ x, Σ y², Σ x², Σ y · x).</returns>
    /// <exception cref="InvalidOperationException">Some unit of the arm has no covariate, or no covariate column was given.</exception>
    public CovariateSummary WithCovariate()
    {
        if (_arm.CovariateCount != Count)
        {
            throw new InvalidOperationException($"Arm '{_arm.Arm}' has {Count - _arm.CovariateCount} of {Count} units without a covariate; CUPED needs a covariate for every unit (set SqlExperimentColumns.Covariate, or fill the NULLs).");
        }

        return CovariateSummary.FromSums(Count, Sum, _arm.CovariateSum, SumOfSquares, _arm.CovariateSumOfSquares, CovariateCrossProduct);
    }
}
