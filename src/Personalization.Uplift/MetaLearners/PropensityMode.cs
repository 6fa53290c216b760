namespace Personalization.Uplift;

/// <summary>How a meta-learner obtains the propensity e<sub>a</sub>(x) = P(T = a | x, T ∈ {0, a}).</summary>
public enum PropensityMode
{
    /// <summary>A known constant: the given value, or the treated share of the arm and control in the training data (a randomized experiment).</summary>
    Constant = 0,

    /// <summary>Estimated per unit by the propensity learner and clipped to [clip, 1 − clip].</summary>
    Estimated = 1,
}
