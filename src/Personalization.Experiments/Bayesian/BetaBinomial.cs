using MathNet.Numerics;
using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>Bayesian beta-binomial comparison of two conversion rates: exact P(B &gt; A) and expected loss.</summary>
/// <remarks>
/// The probability uses the closed-form sum of Evan Miller (2015), exact when the posterior alpha of one arm is a whole
/// number (always true with whole-number priors such as the default Beta(1, 1)). Terms are summed in log space. Stateless
/// and thread-safe.
/// </remarks>
public static class BetaBinomial
{
    /// <summary>Compares treatment with control.</summary>
    /// <param name="control">Control counts.</param>
    /// <param name="treatment">Treatment counts.</param>
    /// <param name="priorAlpha">Prior alpha of both arms, positive; a whole number keeps the result exact.</param>
    /// <param name="priorBeta">Prior beta of both arms, positive.</param>
    /// <value>The default prior is Beta(1, 1) (uniform).</value>
    /// <returns>P(B &gt; A) and both expected losses.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A prior parameter is not a finite positive number.</exception>
    /// <exception cref="ArgumentException">Neither posterior alpha is a whole number.</exception>
    /// <remarks>
    /// P(X_B &gt; X_A) = sum_(i=0)^(aB - 1) B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA));
    /// loss(B) = E[pA] P(A+ &gt; B) - E[pB] P(A &gt; B+), where A+ ~ Beta(aA + 1, bA) and B+ ~ Beta(aB + 1, bB).
    /// </remarks>
    public static BetaBinomialResult Compare(ProportionSummary control, ProportionSummary treatment, double priorAlpha = 1, double priorBeta = 1)
    {
        Guard.Positive(priorAlpha);
        Guard.Positive(priorBeta);
        double aA = priorAlpha + control.Successes;
        double bA = priorBeta + control.Count - control.Successes;
        double aB = priorAlpha + treatment.Successes;
        double bB = priorBeta + treatment.Count - treatment.Successes;
        double pBetter = ProbabilityGreater(aB, bB, aA, bA);
        double meanA = aA / (aA + bA);
        double meanB = aB / (aB + bB);
        double pAPlusBeatsB = 1 - ProbabilityGreater(aB, bB, aA + 1, bA);
        double pBPlusBeatsA = ProbabilityGreater(aB + 1, bB, aA, bA);
        double lossB = Math.Max(0, (meanA * pAPlusBeatsB) - (meanB * (1 - pBPlusBeatsA)));
        double lossA = Math.Max(0, (meanB * pBPlusBeatsA) - (meanA * (1 - pAPlusBeatsB)));
        return new BetaBinomialResult(pBetter, lossB, lossA, aA, bA, aB, bB);
    }

    /// <summary>P(X &gt; Y) for independent X ~ Beta(aX, bX) and Y ~ Beta(aY, bY).</summary>
    /// <param name="alphaX">aX, positive.</param>
    /// <param name="betaX">bX, positive.</param>
    /// <param name="alphaY">aY, positive.</param>
    /// <param name="betaY">bY, positive.</param>
    /// <returns>The probability in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not a finite positive number.</exception>
    /// <exception cref="ArgumentException">Neither <paramref name="alphaX"/> nor <paramref name="alphaY"/> is a whole number.</exception>
    /// <remarks>The closed-form sum above over aX terms; when only aY is whole, 1 - P(Y &gt; X).</remarks>
    public static double ProbabilityGreater(double alphaX, double betaX, double alphaY, double betaY)
    {
        Guard.Positive(alphaX);
        Guard.Positive(betaX);
        Guard.Positive(alphaY);
        Guard.Positive(betaY);
        if (alphaX == Math.Floor(alphaX))
        {
            return Sum(alphaX, betaX, alphaY, betaY);
        }

        if (alphaY == Math.Floor(alphaY))
        {
            return 1 - Sum(alphaY, betaY, alphaX, betaX);
        }

        throw new ArgumentException($"The exact formula needs a whole-number alpha on one side, but got {alphaX} and {alphaY}; use whole-number prior alphas.", nameof(alphaX));
    }

    private static double Sum(double aX, double bX, double aY, double bY)
    {
        // term_0 = B(aY, bY + bX) / B(aY, bY); term_(i+1) = term_i (aY + i)(bX + i) / ((aY + bY + bX + i)(1 + i)).
        // For a whole-number bX, term_0 = prod_(k &lt; bX) (1 - aY / (aY + bY + k)) avoids differencing large log-gammas.
        double logTerm0 = 0;
        if (bX == Math.Floor(bX) && bX <= 1e7)
        {
            for (long k = 0; k < (long)bX; k++)
            {
                logTerm0 += Math.Log(1 - (aY / (aY + bY + k)));
            }
        }
        else
        {
            logTerm0 = SpecialFunctions.BetaLn(aY, bY + bX) - SpecialFunctions.BetaLn(aY, bY);
        }

        // Products in linear space (relative error ~ terms * eps), rescaled so nothing overflows.
        double c = aY + bY + bX;
        double logScale = logTerm0;
        double term = 1;
        double sum = 0;
        long terms = (long)aX;
        for (long i = 0; i < terms; i++)
        {
            sum += term;
            term *= (aY + i) * (bX + i) / ((c + i) * (1 + i));
            if (term > 1e200)
            {
                term *= 1e-200;
                sum *= 1e-200;
                logScale += 200 * Math.Log(10);
            }
        }

        return Math.Clamp(Math.Exp(Math.Log(sum) + logScale), 0, 1);
    }
}
