using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh (2017): always-valid p-values
/// and confidence sequences for a difference of means, so results can be checked after every batch of users without
/// inflating the false-positive rate.
/// </summary>
/// <remarks>
/// With a normal estimate D of the effect with variance V and a N(theta0, tau^2) mixture over the alternative,
/// Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (D - theta0)^2 / (2 V (V + tau^2))). Lambda is a nonnegative martingale under the
/// null, so by Ville's inequality P(sup Lambda &gt;= 1/alpha) &lt;= alpha at any stopping time. Stateless and thread-safe.
/// </remarks>
public static class MixtureSprt
{
    /// <summary>The mixture likelihood ratio Lambda.</summary>
    /// <param name="difference">The estimated effect D (treatment minus control).</param>
    /// <param name="varianceOfDifference">The variance V of D (for example sA^2/nA + sB^2/nB), positive.</param>
    /// <param name="mixingVariance">tau^2, positive.</param>
    /// <param name="nullDifference">theta0, the effect under the null.</param>
    /// <value>The default null difference is 0.</value>
    /// <returns>Lambda (may be +infinity when overwhelming).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN, infinite or non-positive where it must be positive.</exception>
    /// <remarks>Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (D - theta0)^2 / (2 V (V + tau^2))). With n users per arm and unit variance, V = 2 / n.</remarks>
    public static double LikelihoodRatio(double difference, double varianceOfDifference, double mixingVariance, double nullDifference = 0)
    {
        Guard.Finite(difference);
        Guard.Positive(varianceOfDifference);
        Guard.Positive(mixingVariance);
        Guard.Finite(nullDifference);
        return Math.Exp(LogLikelihoodRatio(difference, varianceOfDifference, mixingVariance, nullDifference));
    }

    /// <summary>Starts monitoring an experiment.</summary>
    /// <param name="options">The test settings.</param>
    /// <returns>The state before the first look: p-value 1, unbounded confidence sequence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <remarks>Feed each look to <see cref="MixtureSprtState.Update(double, double)"/> (or an overload) and keep the returned state.</remarks>
    public static MixtureSprtState Start(MixtureSprtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new MixtureSprtState(options, 0, 1, 1, new ConfidenceInterval(double.NegativeInfinity, double.PositiveInfinity, 1 - options.Alpha));
    }

    internal static double LogLikelihoodRatio(double d, double v, double tau2, double theta0)
    {
        double diff = d - theta0;
        return (0.5 * Math.Log(v / (v + tau2))) + (tau2 * diff * diff / (2 * v * (v + tau2)));
    }

    internal static double Radius(double v, double tau2, double alpha) =>
        Math.Sqrt(2 * v * (v + tau2) / tau2 * (Math.Log(1 / alpha) + (0.5 * Math.Log((v + tau2) / v))));
}
