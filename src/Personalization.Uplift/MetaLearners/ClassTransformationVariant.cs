namespace Personalization.Uplift;

/// <summary>Which outcome transformation a <see cref="ClassTransformation"/> learner fits.</summary>
public enum ClassTransformationVariant
{
    /// <summary>Class transformation for a binary outcome, transformed outcome otherwise.</summary>
    Auto = 0,

    /// <summary>
    /// Class transformation (Jaskowski and Jaroszewicz, 2012; scikit-uplift's <c>ClassTransformation</c>):
    /// a classifier of Z = y·t + (1 − y)(1 − t); τ(x) = 2·P(Z = 1 | x) − 1. Needs a binary outcome and
    /// assumes a 50/50 split between the arm and control.
    /// </summary>
    ClassTransformation = 1,

    /// <summary>
    /// Transformed outcome (Athey and Imbens, 2015): a regressor of Y* = y·(t − e)/(e(1 − e)), whose
    /// conditional mean is τ(x) for any outcome and any (known or estimated) propensity e.
    /// </summary>
    TransformedOutcome = 2,
}
