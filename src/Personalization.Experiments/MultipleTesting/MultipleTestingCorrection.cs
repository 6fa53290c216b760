namespace Personalization.Experiments;

/// <summary>A multiple-testing correction.</summary>
public enum MultipleTestingCorrection
{
    /// <summary>No correction: adjusted p-values equal the raw ones.</summary>
    None = 0,

    /// <summary>Bonferroni: controls the family-wise error rate under any dependence; p_adj = min(1, m p).</summary>
    Bonferroni = 1,

    /// <summary>Holm step-down: controls the family-wise error rate under any dependence and is uniformly more powerful than Bonferroni. Our default.</summary>
    Holm = 2,

    /// <summary>Benjamini-Hochberg step-up: controls the false discovery rate (independent or positively dependent tests).</summary>
    BenjaminiHochberg = 3,
}
