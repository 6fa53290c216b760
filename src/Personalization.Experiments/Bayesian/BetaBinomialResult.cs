namespace Personalization.Experiments;

/// <summary>The Bayesian comparison of two conversion rates under independent beta priors.</summary>
/// <param name="ProbabilityTreatmentBetter">P(pB &gt; pA | data), exact.</param>
/// <param name="ExpectedLossTreatment">E[max(pA - pB, 0)]: the conversion rate lost on average by shipping treatment.</param>
/// <param name="ExpectedLossControl">E[max(pB - pA, 0)]: the conversion rate lost on average by keeping control.</param>
/// <param name="ControlAlpha">Posterior alpha of control, priorAlpha + successes.</param>
/// <param name="ControlBeta">Posterior beta of control, priorBeta + failures.</param>
/// <param name="TreatmentAlpha">Posterior alpha of treatment.</param>
/// <param name="TreatmentBeta">Posterior beta of treatment.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record BetaBinomialResult(
    double ProbabilityTreatmentBetter,
    double ExpectedLossTreatment,
    double ExpectedLossControl,
    double ControlAlpha,
    double ControlBeta,
    double TreatmentAlpha,
    double TreatmentBeta);
