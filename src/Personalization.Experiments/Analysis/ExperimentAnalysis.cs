using Personalization.Validation;

namespace Personalization.Experiments;

/// <summary>
/// Analyses per-unit experiment records into a result table: conversion (two-proportion z-test, or any
/// <see cref="ExperimentAnalysisOptions.ConversionTest"/>), revenue per unit (Welch, or any
/// <see cref="ExperimentAnalysisOptions.RevenueTest"/>; CUPED-adjusted when every unit has a covariate) and revenue per conversion (delta-method ratio), each
/// treatment arm against control with a correction across arms, plus the SRM check and guardrail status.
/// </summary>
/// <remarks>The analysis holds only its options; it is immutable and thread-safe.</remarks>
public sealed class ExperimentAnalysis
{
    /// <summary>The conversion-rate metric name.</summary>
    public const string ConversionMetric = "conversion";

    /// <summary>The revenue-per-unit metric name.</summary>
    public const string RevenueMetric = "revenue";

    /// <summary>The revenue-per-conversion (average order value) metric name.</summary>
    public const string RevenuePerConversionMetric = "revenue_per_conversion";

    /// <summary>Creates an analysis.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    public ExperimentAnalysis(ExperimentAnalysisOptions? options = null) => Options = options ?? new ExperimentAnalysisOptions();

    /// <summary>Gets the settings.</summary>
    public ExperimentAnalysisOptions Options { get; }

    /// <summary>Analyses the units.</summary>
    /// <param name="units">One record per randomisation unit.</param>
    /// <returns>The result table.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="units"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// The control arm or every treatment arm is missing, an arm name is empty, a revenue or covariate is NaN or infinite
    /// (the unit index is named), an arm has fewer than 2 units, or an arm is missing from <see cref="ExperimentAnalysisOptions.ExpectedAllocation"/>.
    /// </exception>
    /// <remarks>Decision: <see cref="ExperimentDecision.Invalid"/> on SRM, else by the sign of the difference when the adjusted p &lt;= alpha.</remarks>
    public ExperimentReport Analyze(IEnumerable<ExperimentUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        ExperimentAnalysisOptions o = Options;
        Guard.OpenUnitInterval(o.Alpha);
        Guard.OpenUnitInterval(o.ConfidenceLevel);
        Guard.OpenUnitInterval(o.SampleRatioMismatchThreshold);
        if (string.IsNullOrEmpty(o.ControlArm))
        {
            throw new ArgumentException("Options.ControlArm is empty; name the control arm.", nameof(units));
        }

        ArgumentNullException.ThrowIfNull(o.GuardrailMetrics);

        var arms = new Dictionary<string, ArmData>(StringComparer.Ordinal);
        var order = new List<string>();
        bool allCovariates = true;
        int index = 0;
        foreach (ExperimentUnit unit in units)
        {
            if (string.IsNullOrEmpty(unit.Arm))
            {
                throw new ArgumentException($"Unit {index} has no arm; every unit needs an arm name.", nameof(units));
            }

            if (!double.IsFinite(unit.Revenue))
            {
                throw new ArgumentException($"Unit {index} has revenue {unit.Revenue}; revenue must be a finite number (use 0 for no purchase).", nameof(units));
            }

            if (unit.Covariate is double c && !double.IsFinite(c))
            {
                throw new ArgumentException($"Unit {index} has covariate {c}; covariates must be finite numbers or null.", nameof(units));
            }

            if (!arms.TryGetValue(unit.Arm, out ArmData? data))
            {
                data = new ArmData();
                arms.Add(unit.Arm, data);
                order.Add(unit.Arm);
            }

            data.Add(unit);
            allCovariates &= unit.Covariate.HasValue;
            index++;
        }

        if (!arms.TryGetValue(o.ControlArm, out ArmData? control))
        {
            throw new ArgumentException($"No unit is in the control arm '{o.ControlArm}'; set Options.ControlArm to one of: {string.Join(", ", order)}.", nameof(units));
        }

        order.Remove(o.ControlArm);
        if (order.Count == 0)
        {
            throw new ArgumentException("Every unit is in the control arm; an experiment needs at least one treatment arm.", nameof(units));
        }

        order.Insert(0, o.ControlArm);
        foreach (string arm in order)
        {
            if (arms[arm].Count < 2)
            {
                throw new ArgumentException($"Arm '{arm}' has {arms[arm].Count} unit(s); every arm needs at least 2.", nameof(units));
            }
        }

        long[] sizes = order.Select(a => (long)arms[a].Count).ToArray();
        double[] weights = new double[order.Count];
        for (int i = 0; i < order.Count; i++)
        {
            if (o.ExpectedAllocation is null)
            {
                weights[i] = 1;
            }
            else if (!o.ExpectedAllocation.TryGetValue(order[i], out weights[i]) || !(weights[i] > 0))
            {
                throw new ArgumentException($"Arm '{order[i]}' has units but no positive weight in Options.ExpectedAllocation; add it with its planned share.", nameof(units));
            }
        }

        SampleRatioMismatchResult srm = SampleRatioMismatch.Check(sizes, weights, o.SampleRatioMismatchThreshold);
        bool cuped = o.UseCuped && allCovariates && HasSpread(arms.Values);
        var rows = new List<MetricResult>();
        List<string> treatments = order.Skip(1).ToList();

        AddMetric(rows, ConversionMetric, treatments, arm => Conversion(control, arms[arm]), srm.IsMismatch);
        AddMetric(rows, RevenueMetric, treatments, arm => Revenue(control, arms[arm], cuped), srm.IsMismatch);
        if (arms.Values.All(a => a.Conversions > 0))
        {
            AddMetric(rows, RevenuePerConversionMetric, treatments, arm => RevenuePerConversion(control, arms[arm]), srm.IsMismatch);
        }

        return new ExperimentReport(order, sizes, srm, cuped, rows);
    }

    private void AddMetric(List<MetricResult> rows, string metric, List<string> treatments, Func<string, Row> compute, bool srm)
    {
        var computed = treatments.Select(compute).ToArray();
        double[] p = computed.Select(r => r.Test.PValue).ToArray();
        AdjustedPValues adjusted = PValueAdjustment.Adjust(p, Options.Correction, Options.Alpha);
        bool guardrail = Options.GuardrailMetrics.Contains(metric);
        for (int i = 0; i < computed.Length; i++)
        {
            Row r = computed[i];
            ExperimentDecision decision = srm ? ExperimentDecision.Invalid
                : !adjusted.Rejected[i] ? ExperimentDecision.NoSignificantDifference
                : r.Test.Estimate > 0 ? ExperimentDecision.TreatmentHigher : ExperimentDecision.TreatmentLower;
            GuardrailStatus status = !guardrail ? GuardrailStatus.NotGuardrail
                : srm ? GuardrailStatus.Unknown
                : decision == ExperimentDecision.TreatmentLower ? GuardrailStatus.Failed : GuardrailStatus.Passed;
            rows.Add(new MetricResult(
                metric,
                treatments[i],
                r.Test.TestName,
                r.ControlEstimate,
                r.TreatmentEstimate,
                r.Test.Estimate,
                r.Test.ConfidenceInterval ?? new ConfidenceInterval(double.NaN, double.NaN, Options.ConfidenceLevel),
                r.Lift,
                r.Test.PValue,
                adjusted.Adjusted[i],
                decision,
                srm,
                status));
        }
    }

    private Row Conversion(ArmData control, ArmData treatment)
    {
        var a = new ProportionSummary(control.Count, control.Conversions);
        var b = new ProportionSummary(treatment.Count, treatment.Conversions);
        ISignificanceTest<TwoProportions> conversionTest = Options.ConversionTest ?? new ProportionDifferenceTest(Options.ConfidenceLevel);
        TestResult test = conversionTest.Test(new TwoProportions(a, b), Alternative.TwoSided);
        LiftEstimate lift = a.Successes > 0 ? RelativeLift.Proportions(a, b, Options.ConfidenceLevel) : NaNLift();
        return new Row(test, a.Rate, b.Rate, lift);
    }

    private Row Revenue(ArmData control, ArmData treatment, bool cuped)
    {
        SampleSummary a, b;
        TestResult test;
        if (cuped)
        {
            CupedResult result = Cuped.Analyze(
                CovariateSummary.FromSamples(control.Revenue.ToArray(), control.Covariates.ToArray()),
                CovariateSummary.FromSamples(treatment.Revenue.ToArray(), treatment.Covariates.ToArray()),
                Alternative.TwoSided,
                Options.ConfidenceLevel);
            (a, b, test) = (result.AdjustedControl, result.AdjustedTreatment, result.Test);
        }
        else
        {
            a = SampleSummary.FromSamples(control.Revenue.ToArray());
            b = SampleSummary.FromSamples(treatment.Revenue.ToArray());
            ISignificanceTest<TwoSampleSummaries> revenueTest = Options.RevenueTest ?? new MeanDifferenceTest(equalVariances: false, Options.ConfidenceLevel);
            test = a.SumOfSquaredDeviations == 0 && b.SumOfSquaredDeviations == 0
                ? Degenerate(revenueTest.Name, b.Mean - a.Mean)
                : revenueTest.Test(new TwoSampleSummaries(a, b), Alternative.TwoSided);
        }

        LiftEstimate lift = a.Mean != 0 ? RelativeLift.Means(a, b, Options.ConfidenceLevel) : NaNLift();
        return new Row(test, a.Mean, b.Mean, lift);
    }

    private Row RevenuePerConversion(ArmData control, ArmData treatment)
    {
        RatioSummary a = RatioSummary.FromSamples(control.Revenue.ToArray(), control.ConversionFlags.ToArray());
        RatioSummary b = RatioSummary.FromSamples(treatment.Revenue.ToArray(), treatment.ConversionFlags.ToArray());
        TestResult test = a.RatioVariance + b.RatioVariance > 0
            ? RatioMetricTest.Test(a, b, Alternative.TwoSided, Options.ConfidenceLevel)
            : Degenerate(RatioMetricTest.Name, b.Ratio - a.Ratio);
        LiftEstimate lift = a.Ratio != 0
            ? RelativeLift.FromMeans(a.Ratio, a.RatioVariance, b.Ratio, b.RatioVariance, Options.ConfidenceLevel)
            : NaNLift();
        return new Row(test, a.Ratio, b.Ratio, lift);
    }

    private TestResult Degenerate(string name, double diff) => new(name, diff == 0 ? 0 : double.NaN, diff == 0 ? 1 : 0, Alternative.TwoSided)
    {
        Estimate = diff,
        ConfidenceInterval = new ConfidenceInterval(diff, diff, Options.ConfidenceLevel),
    };

    private LiftEstimate NaNLift() => new(double.NaN, double.NaN, new ConfidenceInterval(double.NaN, double.NaN, Options.ConfidenceLevel));

    private static bool HasSpread(IEnumerable<ArmData> arms)
    {
        double? first = null;
        foreach (ArmData arm in arms)
        {
            foreach (double x in arm.Covariates)
            {
                first ??= x;
                if (x != first)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private readonly record struct Row(TestResult Test, double ControlEstimate, double TreatmentEstimate, LiftEstimate Lift);

    private sealed class ArmData
    {
        public List<double> Revenue { get; } = [];

        public List<double> Covariates { get; } = [];

        public List<double> ConversionFlags { get; } = [];

        public int Count => Revenue.Count;

        public long Conversions { get; private set; }

        public void Add(ExperimentUnit unit)
        {
            Revenue.Add(unit.Revenue);
            ConversionFlags.Add(unit.Converted ? 1 : 0);
            Conversions += unit.Converted ? 1 : 0;
            if (unit.Covariate is double c)
            {
                Covariates.Add(c);
            }
        }
    }
}
