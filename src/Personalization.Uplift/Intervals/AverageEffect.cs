using System.Collections.Immutable;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The average treatment effect of every arm with a confidence interval: the cross-fitted
/// augmented inverse-propensity-weighted (AIPW, doubly robust) estimator.
/// </summary>
/// <remarks>
/// For arm a on the rows of control and arm a (t = 1{T = a}), with cross-fitted μ<sub>0</sub>, μ<sub>a</sub>, e:
/// φ = μ<sub>a</sub>(x) − μ<sub>0</sub>(x) + t(y − μ<sub>a</sub>(x))/e(x) − (1 − t)(y − μ<sub>0</sub>(x))/(1 − e(x)) (the
/// DR-learner's pseudo-outcome); the estimate is the mean of φ, its standard error sd(φ)/√n, and
/// the interval mean ± z<sub>1−α/2</sub>·SE (Robins, Rotnitzky &amp; Zhao 1994; Chernozhukov et al. 2018).
/// The interval is valid when the outcome models or the propensity are consistent and, with
/// flexible learners, only with cross-fitting. In a randomized test with the constant propensity it
/// is a regression-adjusted difference in means (never wider, asymptotically, than the plain one).
/// It is an interval for the average effect, not for any one customer's effect.
/// </remarks>
public static class AverageEffect
{
    /// <summary>Estimates the average effect of every arm against control with a confidence interval.</summary>
    /// <param name="data">The data (an experiment or observational rows).</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels between model fits.</param>
    /// <returns>One estimate per treatment arm, in arm order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The outcome learner is a classifier but the outcome is not binary, the propensity learner is a regressor, or an arm has fewer rows than folds (the message names the arm and its row count); an arm has fewer than 10 units, or a classifier outcome learner meets an arm of one outcome class only (with cross-fitting: in the training rows of some fold).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option, <see cref="AverageEffectOptions.FoldCount"/> or <see cref="AverageEffectOptions.ConfidenceLevel"/> is out of range.</exception>
    public static ImmutableArray<AverageEffectEstimate> DoublyRobust(UpliftData data, AverageEffectOptions? options = null, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        AverageEffectOptions o = options ?? new AverageEffectOptions();
        o.Validate();
        IBaseLearner outcome = o.OutcomeLearner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        IBaseLearner propensity = o.PropensityLearner ?? MetaLearnerSupport.DefaultPropensityLearner();
        MetaLearnerSupport.CheckOutcomeLearner(outcome, data, "OutcomeLearner");
        MetaLearnerSupport.CheckClassifier(propensity, "PropensityLearner");

        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (o.ConfidenceLevel / 2));
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        int[]? fold = o.CrossFitting ? CrossFitting.Folds(data, o.FoldCount, o.Seed) : null;
        int[][] byArm = MetaLearnerSupport.RowsByArm(data);
        CrossFitting.CheckOutcomeClasses(outcome, data, byArm, fold, o.FoldCount);
        var result = ImmutableArray.CreateBuilder<AverageEffectEstimate>(data.ArmCount);
        for (int a = 1; a <= data.ArmCount; a++)
        {
            int[] pair = MetaLearnerSupport.ControlAndArm(data, a);
            double[] p0 = CrossFitting.Predict(outcome, data.Features, y, byArm[0], pair, fold, o.FoldCount, cancellationToken);
            double[] pA = CrossFitting.Predict(outcome, data.Features, y, byArm[a], pair, fold, o.FoldCount, cancellationToken);
            double[] e = CrossFitting.Propensity(data, a, pair, o.Propensity, o.KnownPropensity, o.PropensityClip, propensity, fold, o.FoldCount, out double poorOverlap, cancellationToken);
            double mean = 0, m2 = 0;
            for (int i = 0; i < pair.Length; i++)
            {
                int r = pair[i];
                double phi = pA[i] - p0[i] + (t[r] == a ? (y[r] - pA[i]) / e[i] : -(y[r] - p0[i]) / (1 - e[i]));
                double delta = phi - mean;
                mean += delta / (i + 1);
                m2 += delta * (phi - mean);
            }

            int n = pair.Length;
            double se = Math.Sqrt(m2 / (n - 1) / n);
            result.Add(new AverageEffectEstimate(a, data.ArmNames[a], mean, se, mean - (z * se), mean + (z * se), o.ConfidenceLevel, n) { PoorOverlapShare = poorOverlap });
        }

        return result.MoveToImmutable();
    }
}
