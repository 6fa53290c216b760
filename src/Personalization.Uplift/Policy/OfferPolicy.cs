using System.Runtime.InteropServices;
namespace Personalization.Uplift;

/// <summary>
/// Turns predicted treatment effects (CATEs, one per arm per customer, as written by
/// <see cref="IUpliftModel.PredictEffects"/>) into an arm per customer: by expected profit under
/// per-arm economics and constraints, or by a rule table.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class OfferPolicy
{
    /// <summary>Assigns each customer the allowed arm with the highest expected incremental value, then applies the top-N and budget limits.</summary>
    /// <param name="effects">n x m effects, row-major: τ<sub>a</sub> of customer r at r · m + a − 1.</param>
    /// <param name="armCount">The number of treatment arms m.</param>
    /// <param name="options">Economics and constraints.</param>
    /// <param name="baselineOutcome">The expected outcome of each customer without treatment (μ<sub>0</sub>); needed only when an arm has <see cref="ArmEconomics.CostPerOutcome"/> &gt; 0.</param>
    /// <returns>The arm, expected incremental value and expected cost of each customer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The effects length is not a multiple of the arm count, a value is not finite, the economics do not give one entry per arm, or baseline outcomes are missing or of the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="armCount"/> is less than 1, or an option is out of range.</exception>
    /// <remarks>
    /// value<sub>a</sub> = V<sub>a</sub>·τ<sub>a</sub> − C<sub>a</sub> − K<sub>a</sub>·(μ<sub>0</sub> + τ<sub>a</sub>), cost<sub>a</sub> = C<sub>a</sub> + K<sub>a</sub>·(μ<sub>0</sub> + τ<sub>a</sub>);
    /// control has value and cost 0. Each customer gets argmax over arms a ≤ MaxArm with value<sub>a</sub> &gt; MinimumValue
    /// (ties to the lower arm), or control. Treated customers are then ranked by value (descending) and kept while
    /// the count stays within MaxTreated and the summed cost within Budget. Customers with exactly equal value
    /// form a tie group that is kept or left in control as a whole, never split by row order: the walk stops at
    /// the first group that would exceed MaxTreated, and a group whose summed cost does not fit the remaining
    /// budget is skipped (it stays in control) while cheaper, lower-value groups may still fit. So when every
    /// predicted effect ties (a constant model) and the group exceeds MaxTreated, nobody is treated.
    /// </remarks>
    public static OfferAssignment Assign(ReadOnlySpan<double> effects, int armCount, OfferPolicyOptions options, ReadOnlySpan<double> baselineOutcome = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = CheckEffects(effects, armCount);
        if (options.Arms is null || options.Arms.Count != armCount)
        {
            throw new ArgumentException($"options.Arms has {options.Arms?.Count ?? 0} entries but there are {armCount} treatment arms; give one ArmEconomics per arm.", nameof(options));
        }

        bool needsBaseline = false;
        for (int a = 0; a < armCount; a++)
        {
            ArmEconomics e = options.Arms[a] ?? throw new ArgumentException($"options.Arms[{a}] is null.", nameof(options));
            Validation.Guard.Finite(e.ValuePerOutcome, $"options.Arms[{a}].ValuePerOutcome");
            Validation.Guard.NonNegative(e.CostPerTreated, $"options.Arms[{a}].CostPerTreated");
            Validation.Guard.NonNegative(e.CostPerOutcome, $"options.Arms[{a}].CostPerOutcome");
            needsBaseline |= e.CostPerOutcome > 0;
        }

        if (needsBaseline)
        {
            if (baselineOutcome.Length != n)
            {
                throw new ArgumentException($"baselineOutcome has length {baselineOutcome.Length} but there are {n} customers; an arm has CostPerOutcome > 0, so give each customer's expected outcome without treatment.", nameof(baselineOutcome));
            }

            Validation.Guard.AllFinite(baselineOutcome);
        }

        if (options.MaxTreated is int maxTreated)
        {
            Validation.Guard.InRange(maxTreated, 0, int.MaxValue, "options.MaxTreated");
        }

        if (options.Budget is double budget)
        {
            Validation.Guard.NonNegative(budget, "options.Budget");
        }

        int maxArm = options.MaxArm ?? armCount;
        Validation.Guard.InRange(maxArm, 0, armCount, "options.MaxArm");
        Validation.Guard.Finite(options.MinimumValue, "options.MinimumValue");

        var arms = new int[n];
        var value = new double[n];
        var cost = new double[n];
        for (int r = 0; r < n; r++)
        {
            double bestValue = options.MinimumValue;
            int best = 0;
            double bestCost = 0;
            for (int a = 1; a <= maxArm; a++)
            {
                ArmEconomics e = options.Arms[a - 1];
                double tau = effects[(r * armCount) + a - 1];
                double outcomeCost = e.CostPerOutcome > 0 ? e.CostPerOutcome * (baselineOutcome[r] + tau) : 0;
                double c = e.CostPerTreated + outcomeCost;
                double v = (e.ValuePerOutcome * tau) - c;
                if (v > bestValue)
                {
                    bestValue = v;
                    best = a;
                    bestCost = c;
                }
            }

            if (best > 0)
            {
                arms[r] = best;
                value[r] = bestValue;
                cost[r] = bestCost;
            }
        }

        if (options.MaxTreated is not null || options.Budget is not null)
        {
            ApplyLimits(arms, value, cost, options.MaxTreated ?? int.MaxValue, options.Budget ?? double.PositiveInfinity);
        }

        return new OfferAssignment(ImmutableCollectionsMarshal.AsImmutableArray(arms), ImmutableCollectionsMarshal.AsImmutableArray(value), ImmutableCollectionsMarshal.AsImmutableArray(cost));
    }

    /// <summary>Assigns arms by a rule table: the first matching rule gives the arm, otherwise control.</summary>
    /// <param name="effects">n x m effects, row-major: τ<sub>a</sub> of customer r at r · m + a − 1.</param>
    /// <param name="armCount">The number of treatment arms m.</param>
    /// <param name="rules">The rules, checked in order.</param>
    /// <returns>The arm of each customer; the expected value is the effect τ of the assigned arm (0 for control) and the expected cost is 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or a rule is null.</exception>
    /// <exception cref="ArgumentException">The effects length is not a multiple of the arm count, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="armCount"/> is less than 1, a rule names an arm outside 1..m (or a compared arm outside 0..m), or a minimum lift is not finite.</exception>
    /// <remarks>Rule (a, b, x) matches customer r when τ<sub>a</sub>(r) − τ<sub>b</sub>(r) &gt; x, with τ<sub>0</sub> = 0.</remarks>
    public static OfferAssignment ApplyRules(ReadOnlySpan<double> effects, int armCount, IReadOnlyList<OfferRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        int n = CheckEffects(effects, armCount);
        foreach (OfferRule rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            Validation.Guard.InRange(rule.Arm, 1, armCount, "rule.Arm");
            Validation.Guard.InRange(rule.ComparedArm, 0, armCount, "rule.ComparedArm");
            Validation.Guard.Finite(rule.MinimumLift, "rule.MinimumLift");
        }

        var arms = new int[n];
        var value = new double[n];
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<double> tau = effects.Slice(r * armCount, armCount);
            foreach (OfferRule rule in rules)
            {
                double compared = rule.ComparedArm == 0 ? 0 : tau[rule.ComparedArm - 1];
                if (tau[rule.Arm - 1] - compared > rule.MinimumLift)
                {
                    arms[r] = rule.Arm;
                    value[r] = tau[rule.Arm - 1];
                    break;
                }
            }
        }

        return new OfferAssignment(ImmutableCollectionsMarshal.AsImmutableArray(arms), ImmutableCollectionsMarshal.AsImmutableArray(value), ImmutableCollectionsMarshal.AsImmutableArray(new double[n]));
    }

    private static int CheckEffects(ReadOnlySpan<double> effects, int armCount)
    {
        Validation.Guard.Positive(armCount);
        if (effects.Length % armCount != 0)
        {
            throw new ArgumentException($"effects has length {effects.Length}, which is not a multiple of armCount {armCount}; pass rows x arms values, row-major.", nameof(effects));
        }

        Validation.Guard.AllFinite(effects);
        return effects.Length / armCount;
    }

    private static void ApplyLimits(int[] arms, double[] value, double[] cost, int maxTreated, double budget)
    {
        var treated = new List<int>();
        for (int r = 0; r < arms.Length; r++)
        {
            if (arms[r] > 0)
            {
                treated.Add(r);
            }
        }

        treated.Sort((a, b) =>
        {
            int c = value[b].CompareTo(value[a]);
            return c != 0 ? c : a.CompareTo(b);
        });

        // Customers with exactly equal value form a tie group that is kept or dropped as a whole, so row order never decides.
        var keep = new bool[treated.Count];
        int kept = 0;
        double spent = 0;
        for (int start = 0; start < treated.Count;)
        {
            int end = start + 1;
            double groupCost = cost[treated[start]];
            while (end < treated.Count && value[treated[end]] == value[treated[start]])
            {
                groupCost += cost[treated[end]];
                end++;
            }

            int size = end - start;
            if (kept + size > maxTreated)
            {
                break;
            }

            if (spent + groupCost <= budget)
            {
                kept += size;
                spent += groupCost;
                Array.Fill(keep, true, start, size);
            }

            start = end;
        }

        for (int i = 0; i < treated.Count; i++)
        {
            if (!keep[i])
            {
                int r = treated[i];
                arms[r] = 0;
                value[r] = 0;
                cost[r] = 0;
            }
        }
    }
}
