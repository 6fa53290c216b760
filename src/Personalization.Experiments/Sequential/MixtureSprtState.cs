using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>The state of a sequentially monitored experiment after some number of looks.</summary>
/// <remarks>
/// Immutable and thread-safe: <see cref="Update(double, double)"/> returns a new state. The always-valid p-value is
/// the running minimum of 1 / Lambda, so it never increases; the confidence sequence is the running intersection of
/// the per-look intervals {theta0 : Lambda(theta0) &lt; 1/alpha}, so it never widens.
/// </remarks>
public sealed record MixtureSprtState
{
    internal MixtureSprtState(MixtureSprtOptions options, int looks, double likelihoodRatio, double pValue, ConfidenceInterval interval)
    {
        Options = options;
        Looks = looks;
        LikelihoodRatio = likelihoodRatio;
        PValue = pValue;
        ConfidenceSequence = interval;
    }

    /// <summary>Gets the test settings.</summary>
    public MixtureSprtOptions Options { get; }

    /// <summary>Gets the number of looks so far.</summary>
    public int Looks { get; }

    /// <summary>Gets Lambda at the latest look (1 before any look).</summary>
    public double LikelihoodRatio { get; }

    /// <summary>Gets the always-valid p-value: min over looks of min(1, 1 / Lambda).</summary>
    public double PValue { get; }

    /// <summary>Gets the always-valid confidence sequence of the effect at level 1 - alpha.</summary>
    public ConfidenceInterval ConfidenceSequence { get; }

    /// <summary>Gets whether the null is rejected: <see cref="PValue"/> &lt;= alpha. Once true it stays true.</summary>
    public bool Rejected => PValue <= Options.Alpha;

    /// <summary>Adds a look given the current effect estimate and its variance (cumulative data, not a batch).</summary>
    /// <param name="difference">The cumulative effect estimate D.</param>
    /// <param name="varianceOfDifference">The variance V of D, positive.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="difference"/> is not finite or <paramref name="varianceOfDifference"/> is not positive.</exception>
    /// <remarks>p_n = min(p_(n-1), 1 / Lambda_n); CS_n = CS_(n-1) intersected with D -/+ sqrt(2V(V + tau^2)/tau^2 (ln(1/alpha) + ln(sqrt((V + tau^2)/V)))).</remarks>
    public MixtureSprtState Update(double difference, double varianceOfDifference)
    {
        Guard.Finite(difference);
        Guard.Positive(varianceOfDifference);
        double tau2 = Options.MixingVariance;
        double logLambda = MixtureSprt.LogLikelihoodRatio(difference, varianceOfDifference, tau2, Options.NullDifference);
        double p = Math.Min(PValue, Math.Min(1, Math.Exp(-logLambda)));
        double r = MixtureSprt.Radius(varianceOfDifference, tau2, Options.Alpha);
        double lower = Math.Max(ConfidenceSequence.Lower, difference - r);
        double upper = Math.Min(ConfidenceSequence.Upper, difference + r);
        if (lower > upper)
        {
            // The running intersection can only empty out by chance under misspecification; fall back to this look's interval.
            lower = difference - r;
            upper = difference + r;
        }

        return new MixtureSprtState(Options, Looks + 1, Math.Exp(logLambda), p, new ConfidenceInterval(lower, upper, 1 - Options.Alpha));
    }

    /// <summary>Adds a look from cumulative per-arm summaries of a continuous metric.</summary>
    /// <param name="control">Cumulative control summary (n &gt;= 2).</param>
    /// <param name="treatment">Cumulative treatment summary (n &gt;= 2).</param>
    /// <returns>The new state.</returns>
    /// <exception cref="ArgumentException">An arm has fewer than 2 observations or both arms have zero variance.</exception>
    /// <remarks>D = mean_B - mean_A; V = s_A^2 / n_A + s_B^2 / n_B (plug-in variance).</remarks>
    public MixtureSprtState Update(SampleSummary control, SampleSummary treatment)
    {
        if (control.Count < 2 || treatment.Count < 2)
        {
            throw new ArgumentException($"Each arm needs at least 2 observations, but control has {control.Count} and treatment {treatment.Count}.", control.Count < 2 ? nameof(control) : nameof(treatment));
        }

        double v = (control.Variance / control.Count) + (treatment.Variance / treatment.Count);
        if (!(v > 0))
        {
            throw new ArgumentException("Both arms have zero variance so far; wait for more data before looking.", nameof(treatment));
        }

        return Update(treatment.Mean - control.Mean, v);
    }

    /// <summary>Adds a look from cumulative per-arm conversion counts.</summary>
    /// <param name="control">Cumulative control counts.</param>
    /// <param name="treatment">Cumulative treatment counts.</param>
    /// <returns>The new state.</returns>
    /// <exception cref="ArgumentException">Both observed rates are 0 or 1, so the variance is zero.</exception>
    /// <remarks>D = pB - pA; V = pA(1 - pA)/nA + pB(1 - pB)/nB.</remarks>
    public MixtureSprtState Update(ProportionSummary control, ProportionSummary treatment)
    {
        double v = control.RateVariance + treatment.RateVariance;
        if (!(v > 0))
        {
            throw new ArgumentException("Both arms' observed rates are 0 or 1 so far, so the variance is zero; wait for more data before looking.", nameof(treatment));
        }

        return Update(treatment.Rate - control.Rate, v);
    }
}
