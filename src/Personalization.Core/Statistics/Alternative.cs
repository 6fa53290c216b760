namespace Personalization;

/// <summary>The alternative hypothesis of a test, stated for treatment (B) against control (A).</summary>
public enum Alternative
{
    /// <summary>B differs from A (two-sided).</summary>
    TwoSided = 0,

    /// <summary>B is larger than A (one-sided, upper tail).</summary>
    Greater = 1,

    /// <summary>B is smaller than A (one-sided, lower tail).</summary>
    Less = 2,
}
