namespace Personalization.Uplift;

/// <summary>The divergence an <see cref="UpliftRandomForest"/> tree maximizes when it splits (Rzepakowski &amp; Jaroszewicz, 2012).</summary>
public enum UpliftSplitCriterion
{
    /// <summary>Kullback-Leibler divergence Σ<sub>t</sub> KL(p<sub>t</sub> : p<sub>c</sub>) of each treatment's response rate from the control's.</summary>
    KullbackLeibler = 0,

    /// <summary>Squared Euclidean distance Σ<sub>t</sub> 2(p<sub>t</sub> − p<sub>c</sub>)² between the outcome distributions of each treatment and the control.</summary>
    Euclidean = 1,

    /// <summary>Chi-squared divergence Σ<sub>t</sub> (p<sub>t</sub> − p<sub>c</sub>)²/p<sub>c</sub> + (p<sub>t</sub> − p<sub>c</sub>)²/(1 − p<sub>c</sub>).</summary>
    ChiSquared = 2,

    /// <summary>Delta-delta-p (Hansotia &amp; Rukstales, 2002): the absolute difference of the children's uplifts p<sub>t</sub> − p<sub>c</sub>; one treatment arm only, never normalised.</summary>
    DeltaDeltaP = 3,
}
