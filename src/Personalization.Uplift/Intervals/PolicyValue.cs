using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The value of a targeting policy (for example the arms chosen by <see cref="OfferPolicy.Assign"/>) with
/// confidence intervals: the cross-fitted doubly robust (AIPW) policy value, against treating everyone
/// and treating no one.
/// </summary>
/// <remarks>
/// With cross-fitted outcome models μ<sub>a</sub> and propensities e<sub>a</sub>(x) = P(T = a | x) of every arm 0..m,
/// each row gets the doubly robust score of every arm,
/// Γ<sub>a</sub> = μ<sub>a</sub>(x) + 1{T = a}·(y − μ<sub>a</sub>(x))/e<sub>a</sub>(x) (Robins, Rotnitzky &amp; Zhao 1994),
/// and the reward of arm a is R<sub>a</sub> = Γ<sub>a</sub>, or with economics
/// R<sub>a</sub> = V<sub>a</sub>·(Γ<sub>a</sub> − Γ<sub>0</sub>) − C<sub>a</sub> − K<sub>a</sub>·Γ<sub>a</sub> and R<sub>0</sub> = 0.
/// The value of a policy π is the mean over rows of R<sub>π(x)</sub>; its standard error is sd/√n of those
/// per-row scores (their influence function), and a difference of two policies uses the per-row difference
/// of their scores, so the shared noise cancels (Athey &amp; Wager 2021, "Policy learning with observational
/// data", Econometrica 89(1)). The intervals are valid for a policy fixed before it meets these rows: evaluate
/// a policy learned on other data (a held-out half), otherwise the targeted value is optimistic.
/// Stateless and thread-safe.
/// </remarks>
public static class PolicyValue
{
    /// <summary>Estimates the value of a policy, of treat-all and of treat-none, with intervals.</summary>
    /// <param name="data">The evaluation data (an experiment or observational rows), not the data the policy was learned on.</param>
    /// <param name="policy">The arm the policy gives each row (0 = control), in row order; for example <see cref="OfferAssignment.Arms"/>.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">Cancels between model fits.</param>
    /// <returns>The values and the targeted policy's gains over treat-all and treat-none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="policy"/> does not have one entry per row or names an arm outside 0..m; an arm (the control or a treatment) has fewer than 10 units or fewer rows than folds; the outcome learner is a classifier but the outcome is not binary (or an arm has one outcome class only); the propensity learner is a regressor; <see cref="PolicyValueOptions.ArmProbabilities"/> or <see cref="PolicyValueOptions.Arms"/> does not have one valid entry per arm.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A propensity option, <see cref="PolicyValueOptions.FoldCount"/>, <see cref="PolicyValueOptions.ConfidenceLevel"/>, <see cref="PolicyValueOptions.TreatAllArm"/> or an economics value is out of range.</exception>
    public static PolicyValueEstimate Evaluate(UpliftData data, ReadOnlySpan<int> policy, PolicyValueOptions? options = null, CancellationToken cancellationToken = default)
    {
        MetaLearnerSupport.CheckData(data);
        PolicyValueOptions o = options ?? new PolicyValueOptions();
        int m = data.ArmCount;
        int n = data.Count;
        CheckPolicy(policy, n, m);
        MetaLearnerSupport.CheckPropensity(o.Propensity, null, o.PropensityClip);
        CrossFitting.CheckFoldCount(o.FoldCount);
        Validation.Guard.OpenUnitInterval(o.ConfidenceLevel, "ConfidenceLevel");
        Validation.Guard.InRange(o.TreatAllArm, 1, m, "TreatAllArm");
        CheckArmProbabilities(o.ArmProbabilities, m);
        CheckEconomics(o.Arms, m);
        IBaseLearner outcome = o.OutcomeLearner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        IBaseLearner propensity = o.PropensityLearner ?? MetaLearnerSupport.DefaultPropensityLearner();
        MetaLearnerSupport.CheckOutcomeLearner(outcome, data, "OutcomeLearner");
        MetaLearnerSupport.CheckClassifier(propensity, "PropensityLearner");

        int[]? fold = o.CrossFitting ? CrossFitting.Folds(data, o.FoldCount, o.Seed) : null;
        int[][] byArm = MetaLearnerSupport.RowsByArm(data);
        CrossFitting.CheckOutcomeClasses(outcome, data, byArm, fold, o.FoldCount);
        var all = new int[n];
        for (int i = 0; i < n; i++)
        {
            all[i] = i;
        }

        double[][] e = Propensities(data, all, o, propensity, fold, out double poorOverlap, cancellationToken);
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        var gamma = new double[m + 1][];
        for (int a = 0; a <= m; a++)
        {
            double[] mu = CrossFitting.Predict(outcome, data.Features, y, byArm[a], all, fold, o.FoldCount, cancellationToken);
            for (int i = 0; i < n; i++)
            {
                if (t[i] == a)
                {
                    mu[i] += (y[i] - mu[i]) / e[a][i];
                }
            }

            gamma[a] = mu;
        }

        var targeted = new double[n];
        var treatAll = new double[n];
        var treatNone = new double[n];
        var versusAll = new double[n];
        var versusNone = new double[n];
        for (int i = 0; i < n; i++)
        {
            targeted[i] = Reward(gamma, o.Arms, policy[i], i);
            treatAll[i] = Reward(gamma, o.Arms, o.TreatAllArm, i);
            treatNone[i] = Reward(gamma, o.Arms, 0, i);
            versusAll[i] = targeted[i] - treatAll[i];
            versusNone[i] = targeted[i] - treatNone[i];
        }

        double z = InfluenceInterval.Z(o.ConfidenceLevel);
        double level = o.ConfidenceLevel;
        return new PolicyValueEstimate(
            InfluenceInterval.FromScores(targeted, z, level),
            InfluenceInterval.FromScores(treatAll, z, level),
            InfluenceInterval.FromScores(treatNone, z, level),
            InfluenceInterval.FromScores(versusAll, z, level),
            InfluenceInterval.FromScores(versusNone, z, level),
            o.TreatAllArm,
            n)
        {
            PoorOverlapShare = poorOverlap,
        };
    }

    /// <summary>R<sub>a</sub> of row i: Γ<sub>a</sub>, or the incremental profit V·(Γ<sub>a</sub> − Γ<sub>0</sub>) − C − K·Γ<sub>a</sub> (0 for control).</summary>
    private static double Reward(double[][] gamma, IReadOnlyList<ArmEconomics>? arms, int arm, int row)
    {
        if (arms is null)
        {
            return gamma[arm][row];
        }

        if (arm == 0)
        {
            return 0;
        }

        ArmEconomics e = arms[arm - 1];
        double ga = gamma[arm][row];
        return (e.ValuePerOutcome * (ga - gamma[0][row])) - e.CostPerTreated - (e.CostPerOutcome * ga);
    }

    /// <summary>e<sub>a</sub>(x) of every arm and row: constants, or cross-fitted one-against-rest probabilities normalized over arms, then clipped.</summary>
    private static double[][] Propensities(UpliftData data, int[] all, PolicyValueOptions o, IBaseLearner learner, int[]? fold, out double poorOverlap, CancellationToken cancellationToken)
    {
        int m = data.ArmCount;
        int n = data.Count;
        var e = new double[m + 1][];
        if (o.Propensity == PropensityMode.Constant)
        {
            for (int a = 0; a <= m; a++)
            {
                e[a] = new double[n];
                Array.Fill(e[a], o.ArmProbabilities?[a] ?? ((double)data.ArmSizes[a] / n));
            }

            poorOverlap = PoorOverlap(e, n);
            return e;
        }

        ReadOnlySpan<int> t = data.Treatment;
        var label = new double[n];
        for (int a = m == 1 ? 1 : 0; a <= m; a++)
        {
            for (int i = 0; i < n; i++)
            {
                label[i] = t[i] == a ? 1 : 0;
            }

            e[a] = CrossFitting.Predict(learner, data.Features, label, all, all, fold, o.FoldCount, cancellationToken);
        }

        if (m == 1)
        {
            e[0] = new double[n];
            for (int i = 0; i < n; i++)
            {
                e[0][i] = 1 - e[1][i];
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int a = 0; a <= m; a++)
                {
                    sum += e[a][i];
                }

                for (int a = 0; a <= m; a++)
                {
                    e[a][i] = sum > 0 ? e[a][i] / sum : 1.0 / (m + 1);
                }
            }
        }

        poorOverlap = PoorOverlap(e, n);
        for (int a = 0; a <= m; a++)
        {
            for (int i = 0; i < n; i++)
            {
                e[a][i] = Math.Clamp(e[a][i], o.PropensityClip, 1 - o.PropensityClip);
            }
        }

        return e;
    }

    /// <summary>The share of rows where some arm's propensity lies outside [0.05, 0.95].</summary>
    private static double PoorOverlap(double[][] e, int n)
    {
        int outside = 0;
        for (int i = 0; i < n; i++)
        {
            bool poor = false;
            foreach (double[] arm in e)
            {
                poor |= arm[i] < MetaLearnerSupport.OverlapBound || arm[i] > 1 - MetaLearnerSupport.OverlapBound;
            }

            outside += poor ? 1 : 0;
        }

        return (double)outside / n;
    }

    private static void CheckPolicy(ReadOnlySpan<int> policy, int n, int m)
    {
        if (policy.Length != n)
        {
            throw new ArgumentException($"policy has {policy.Length} entries but the data has {n} rows; give the arm the policy assigns to every row.", nameof(policy));
        }

        for (int i = 0; i < n; i++)
        {
            if ((uint)policy[i] > (uint)m)
            {
                throw new ArgumentException($"policy[{i}] is {policy[i]}, but the data has arms 0..{m}.", nameof(policy));
            }
        }
    }

    private static void CheckArmProbabilities(IReadOnlyList<double>? probabilities, int m)
    {
        if (probabilities is null)
        {
            return;
        }

        if (probabilities.Count != m + 1)
        {
            throw new ArgumentException($"ArmProbabilities has {probabilities.Count} entries but the data has {m + 1} arms (control first); give one probability per arm.", "options");
        }

        double sum = 0;
        for (int a = 0; a <= m; a++)
        {
            Validation.Guard.OpenUnitInterval(probabilities[a], $"ArmProbabilities[{a}]");
            sum += probabilities[a];
        }

        if (Math.Abs(sum - 1) > 1e-9)
        {
            throw new ArgumentException($"ArmProbabilities sum to {sum}, not 1; give the assignment probability of every arm, control first.", "options");
        }
    }

    private static void CheckEconomics(IReadOnlyList<ArmEconomics>? arms, int m)
    {
        if (arms is null)
        {
            return;
        }

        if (arms.Count != m)
        {
            throw new ArgumentException($"Arms has {arms.Count} entries but there are {m} treatment arms; give one ArmEconomics per treatment arm.", "options");
        }

        for (int a = 0; a < m; a++)
        {
            ArmEconomics e = arms[a] ?? throw new ArgumentException($"Arms[{a}] is null.", "options");
            Validation.Guard.Finite(e.ValuePerOutcome, $"Arms[{a}].ValuePerOutcome");
            Validation.Guard.NonNegative(e.CostPerTreated, $"Arms[{a}].CostPerTreated");
            Validation.Guard.NonNegative(e.CostPerOutcome, $"Arms[{a}].CostPerOutcome");
        }
    }
}
