namespace Personalization;

/// <summary>The result of a significance test.</summary>
/// <param name="TestName">The test, for example <c>"Welch t-test"</c>.</param>
/// <param name="Statistic">The test statistic (z, t, chi-square, U...).</param>
/// <param name="PValue">The p-value in [0, 1], computed from upper-tail functions so tiny values keep their precision.</param>
/// <param name="Alternative">The alternative hypothesis tested.</param>
public record TestResult(string TestName, double Statistic, double PValue, Alternative Alternative)
{
    /// <summary>Gets the degrees of freedom where the test has them, otherwise NaN.</summary>
    public double DegreesOfFreedom { get; init; } = double.NaN;

    /// <summary>Gets the estimated effect (for example the difference B - A), or NaN.</summary>
    public double Estimate { get; init; } = double.NaN;

    /// <summary>Gets the confidence interval of <see cref="Estimate"/>, or <see langword="null"/>.</summary>
    public ConfidenceInterval? ConfidenceInterval { get; init; }

    /// <summary>Returns whether the null hypothesis is rejected at level <paramref name="alpha"/>.</summary>
    /// <param name="alpha">The significance level in (0, 1).</param>
    /// <returns><see langword="true"/> when <see cref="PValue"/> &lt; <paramref name="alpha"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    public bool IsSignificant(double alpha = 0.05)
    {
        Validation.Guard.OpenUnitInterval(alpha);
        return PValue < alpha;
    }
}

/// <summary>A confidence interval.</summary>
/// <param name="Lower">The lower bound (may be negative infinity for one-sided intervals).</param>
/// <param name="Upper">The upper bound (may be positive infinity for one-sided intervals).</param>
/// <param name="Level">The confidence level, for example 0.95.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level)
{
    /// <summary>Returns whether <paramref name="value"/> lies in the closed interval.</summary>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when Lower &lt;= value &lt;= Upper.</returns>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
