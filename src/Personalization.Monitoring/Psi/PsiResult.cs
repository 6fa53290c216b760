namespace Personalization.Monitoring;

/// <summary>The population stability index of one feature, with its bins.</summary>
/// <param name="Index">The PSI, at least 0.</param>
/// <param name="Edges">The inner bin edges (bins are (-inf, e_1], (e_1, e_2], ..., (e_last, +inf)).</param>
/// <param name="ReferenceShares">The reference share of each bin (before epsilon replacement).</param>
/// <param name="CurrentShares">The current share of each bin (before epsilon replacement).</param>
/// <remarks>Immutable; the arrays are owned by the result and must not be modified.</remarks>
public sealed record PsiResult(double Index, IReadOnlyList<double> Edges, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> CurrentShares);
