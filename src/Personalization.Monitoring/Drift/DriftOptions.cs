using Personalization.Validation;

namespace Personalization.Monitoring;

/// <summary>Binning and thresholds for feature drift (<see cref="FeatureDrift"/>, <see cref="DriftReport"/>).</summary>
/// <remarks>
/// A feature is <see cref="DriftLevel.Significant"/> when PSI &gt;= <see cref="PsiSignificant"/> or
/// |mean shift| &gt;= <see cref="MeanShiftSignificant"/>; otherwise <see cref="DriftLevel.Moderate"/>
/// when PSI &gt;= <see cref="PsiModerate"/>, |mean shift| &gt;= <see cref="MeanShiftModerate"/>, or the
/// KS p-value is below <see cref="KsAlpha"/> while the KS statistic is at least
/// <see cref="KsMinimumStatistic"/>; otherwise <see cref="DriftLevel.Stable"/>. The KS test alone
/// never makes a feature significant: with thousands of customers it rejects for differences too
/// small to matter, hence the minimum statistic. Segments (in <see cref="DriftReport"/>) use the
/// PSI thresholds on the segment shares and <see cref="ChangedShareModerate"/> /
/// <see cref="ChangedShareSignificant"/> on the share of customers whose segment changed. Constructing options does no work; the methods
/// that take them validate them.
/// </remarks>
public sealed record DriftOptions : IValidatableOptions
{
    /// <summary>Gets the number of PSI quantile bins.</summary>
    /// <value>10. Valid range 2 to 1000.</value>
    public int BinCount { get; init; } = 10;

    /// <summary>Gets the share that replaces an empty PSI bin's zero share.</summary>
    /// <value>1e-4. Valid range (0, 0.1].</value>
    public double Epsilon { get; init; } = 1e-4;

    /// <summary>Gets the PSI at which a feature counts as moderately shifted.</summary>
    /// <value>0.1. Must be finite, positive and at most <see cref="PsiSignificant"/>.</value>
    public double PsiModerate { get; init; } = 0.1;

    /// <summary>Gets the PSI at which a feature counts as significantly shifted.</summary>
    /// <value>0.25. Must be finite and positive.</value>
    public double PsiSignificant { get; init; } = 0.25;

    /// <summary>Gets the absolute mean shift, in reference standard deviations, that counts as moderate.</summary>
    /// <value>0.25. Must be finite, positive and at most <see cref="MeanShiftSignificant"/>.</value>
    public double MeanShiftModerate { get; init; } = 0.25;

    /// <summary>Gets the absolute mean shift, in reference standard deviations, that counts as significant.</summary>
    /// <value>0.5. Must be finite and positive.</value>
    public double MeanShiftSignificant { get; init; } = 0.5;

    /// <summary>Gets the significance level of the two-sample KS test.</summary>
    /// <value>0.01. Valid range (0, 1).</value>
    public double KsAlpha { get; init; } = 0.01;

    /// <summary>Gets the smallest KS statistic that, with a significant p-value, counts as moderate drift.</summary>
    /// <value>0.1. Valid range [0, 1].</value>
    public double KsMinimumStatistic { get; init; } = 0.1;

    /// <summary>Gets the share of customers changing segment at a refresh that counts as moderate segment drift.</summary>
    /// <value>0.1. Valid range (0, 1], at most <see cref="ChangedShareSignificant"/>.</value>
    public double ChangedShareModerate { get; init; } = 0.1;

    /// <summary>Gets the share of customers changing segment at a refresh that counts as significant segment drift.</summary>
    /// <value>0.25. Valid range (0, 1].</value>
    public double ChangedShareSignificant { get; init; } = 0.25;

    /// <summary>Gets the PSI binning options these drift options imply.</summary>
    public PsiBinningOptions Binning => new() { BinCount = BinCount, Epsilon = Epsilon };

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its documented range, or a moderate threshold exceeds its significant one.</exception>
    public void Validate()
    {
        Binning.Validate();
        Guard.Positive(PsiModerate);
        Guard.Positive(PsiSignificant);
        Guard.Positive(MeanShiftModerate);
        Guard.Positive(MeanShiftSignificant);
        Guard.OpenUnitInterval(KsAlpha);
        Guard.InRange(KsMinimumStatistic, 0.0, 1.0);
        Guard.InRange(ChangedShareModerate, double.Epsilon, 1.0);
        Guard.InRange(ChangedShareSignificant, double.Epsilon, 1.0);
        if (ChangedShareModerate > ChangedShareSignificant)
        {
            throw new ArgumentOutOfRangeException(nameof(ChangedShareModerate), ChangedShareModerate, $"ChangedShareModerate ({ChangedShareModerate}) must not exceed ChangedShareSignificant ({ChangedShareSignificant}).");
        }

        if (PsiModerate > PsiSignificant)
        {
            throw new ArgumentOutOfRangeException(nameof(PsiModerate), PsiModerate, $"PsiModerate ({PsiModerate}) must not exceed PsiSignificant ({PsiSignificant}).");
        }

        if (MeanShiftModerate > MeanShiftSignificant)
        {
            throw new ArgumentOutOfRangeException(nameof(MeanShiftModerate), MeanShiftModerate, $"MeanShiftModerate ({MeanShiftModerate}) must not exceed MeanShiftSignificant ({MeanShiftSignificant}).");
        }
    }
}
