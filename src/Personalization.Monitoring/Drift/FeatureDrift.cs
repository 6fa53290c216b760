using Personalization.Monitoring.Internal;

namespace Personalization.Monitoring;

/// <summary>Per-feature drift between a reference and a current window: PSI, two-sample KS, mean and spread shift.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class FeatureDrift
{
    /// <summary>Computes the drift of every feature of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    /// <param name="reference">The reference window (for example the first half-year), one row per customer.</param>
    /// <param name="current">The current window, with the same columns in the same order.</param>
    /// <param name="options">Binning and thresholds; <see langword="null"/> uses the defaults.</param>
    /// <returns>One result per feature, in column order.</returns>
    /// <remarks>
    /// PSI per <see cref="PopulationStability.Index"/> with bins fitted on the reference; KS per
    /// <see cref="KolmogorovSmirnov.TwoSample"/> (two-sided, asymptotic); mean shift
    /// (mean_cur - mean_ref) / sd_ref and spread ratio sd_cur / sd_ref with sample standard deviations.
    /// The level follows the rule in <see cref="DriftOptions"/>. Cost O(F (n log n + m log m)).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reference"/> or <paramref name="current"/> is null.</exception>
    /// <exception cref="ArgumentException">A window is empty or not finite, or the columns differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The options are out of range.</exception>
    public static IReadOnlyList<FeatureDriftResult> Compute(FeatureMatrix<double> reference, FeatureMatrix<double> current, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        options ??= new DriftOptions();
        options.Validate();
        reference.ThrowIfEmptyOrNotFinite(nameof(reference));
        current.ThrowIfEmptyOrNotFinite(nameof(current));
        ColumnChecks.SameColumns(reference.ColumnNames, current.ColumnNames, nameof(reference), nameof(current));

        var results = new FeatureDriftResult[reference.ColumnCount];
        var a = new double[reference.RowCount];
        var b = new double[current.RowCount];
        for (int c = 0; c < results.Length; c++)
        {
            reference.CopyColumn(c, a);
            current.CopyColumn(c, b);
            results[c] = ComputeColumn(reference.ColumnNames[c], a, b, options);
        }

        return results;
    }

    /// <summary>Returns the worst level among <paramref name="features"/>, or <see cref="DriftLevel.Stable"/> when there are none.</summary>
    /// <param name="features">Per-feature results.</param>
    /// <returns>The summary verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    public static DriftLevel Verdict(IEnumerable<FeatureDriftResult> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        DriftLevel worst = DriftLevel.Stable;
        foreach (FeatureDriftResult f in features)
        {
            if (f.Level > worst)
            {
                worst = f.Level;
            }
        }

        return worst;
    }

    /// <summary>Sorts the (scratch) column arrays in place and computes one feature's drift.</summary>
    internal static FeatureDriftResult ComputeColumn(string name, double[] reference, double[] current, DriftOptions options)
    {
        (double meanRef, double sdRef) = MeanAndStandardDeviation(reference);
        (double meanCur, double sdCur) = MeanAndStandardDeviation(current);
        Array.Sort(reference);
        Array.Sort(current);
        double[] edges = PsiBinning.QuantileEdges(reference, options.BinCount);
        double[] refShares = PsiBinning.BinShares(reference, edges);
        double[] curShares = PsiBinning.BinShares(current, edges);
        var psi = new PsiResult(PopulationStability.Compute(refShares, curShares, options.Epsilon), edges, refShares, curShares);
        KolmogorovSmirnovResult ks = KolmogorovSmirnov.TwoSampleSorted(reference, current, Alternative.TwoSided);

        double shift = sdRef > 0 ? (meanCur - meanRef) / sdRef : (meanCur == meanRef ? 0.0 : (meanCur > meanRef ? double.PositiveInfinity : double.NegativeInfinity));
        double ratio = sdRef > 0 ? sdCur / sdRef : (sdCur == 0 ? 1.0 : double.PositiveInfinity);
        return new FeatureDriftResult
        {
            Feature = name,
            Psi = psi,
            KolmogorovSmirnov = ks,
            ReferenceMean = meanRef,
            CurrentMean = meanCur,
            ReferenceStandardDeviation = sdRef,
            CurrentStandardDeviation = sdCur,
            MeanShift = shift,
            StandardDeviationRatio = ratio,
            Level = Classify(psi.Index, shift, ks, options),
        };
    }

    /// <summary>The level rule documented on <see cref="DriftOptions"/>.</summary>
    internal static DriftLevel Classify(double psi, double meanShift, KolmogorovSmirnovResult ks, DriftOptions options)
    {
        double shift = Math.Abs(meanShift);
        if (psi >= options.PsiSignificant || shift >= options.MeanShiftSignificant)
        {
            return DriftLevel.Significant;
        }

        if (psi >= options.PsiModerate || shift >= options.MeanShiftModerate
            || (ks.PValue < options.KsAlpha && ks.Statistic >= options.KsMinimumStatistic))
        {
            return DriftLevel.Moderate;
        }

        return DriftLevel.Stable;
    }

    private static (double Mean, double StandardDeviation) MeanAndStandardDeviation(ReadOnlySpan<double> values)
    {
        double sum = 0.0;
        foreach (double v in values)
        {
            sum += v;
        }

        double mean = sum / values.Length;
        if (values.Length < 2)
        {
            return (mean, 0.0);
        }

        double squares = 0.0;
        foreach (double v in values)
        {
            double d = v - mean;
            squares += d * d;
        }

        return (mean, Math.Sqrt(squares / (values.Length - 1)));
    }
}
