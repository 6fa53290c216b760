namespace Personalization.Uplift;

/// <summary>How uplift@k and uplift by percentile pick the top units (scikit-uplift's <c>strategy</c>).</summary>
public enum UpliftAtKStrategy
{
    /// <summary>Take the top k of all units, then compare treated and control units among them (<c>strategy="overall"</c>).</summary>
    Overall = 0,

    /// <summary>Take the top k of the treated units and, separately, the top k of the control units (<c>strategy="by_group"</c>).</summary>
    ByGroup = 1,
}
