namespace Personalization.Uplift.Tests;

public sealed class PolicyTests
{
    // Three customers, two arms (20%, 25%): effects row-major.
    private static readonly double[] s_effects =
    [
        0.10, 0.12,   // both help; 25% slightly more
        0.05, 0.20,   // 25% much better
        -0.01, 0.00,  // nothing helps
    ];

    [Fact]
    public void Assign_SameInputTwice_ResultsAreEqualByValue()
    {
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics { ValuePerOutcome = 100 }, new ArmEconomics { ValuePerOutcome = 90 }] };

        OfferAssignment a = OfferPolicy.Assign(s_effects, 2, options);
        OfferAssignment b = OfferPolicy.Assign(s_effects, 2, options);
        OfferAssignment other = OfferPolicy.Assign(s_effects, 2, options with { Arms = [new ArmEconomics { ValuePerOutcome = 1 }, new ArmEconomics { ValuePerOutcome = 100 }] });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void Assign_ValueOnly_PicksHighestEffect()
    {
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics { ValuePerOutcome = 100 }, new ArmEconomics { ValuePerOutcome = 100 }] };
        OfferAssignment result = OfferPolicy.Assign(s_effects, 2, options);
        Assert.Equal<int>([2, 2, 0], result.Arms);
        Assert.Equal(12, result.ExpectedValue[0], 12);
        Assert.Equal(0, result.ExpectedValue[2]);
        Assert.Equal([1, 0, 2], result.CountByArm(2));
    }

    [Fact]
    public void Assign_DiscountCostOnPurchases_PrefersCheaperArm()
    {
        // Margin 40 per purchase; 20% costs 20 per purchase under the offer, 25% costs 25.
        var options = new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = 40, CostPerOutcome = 20 }, new ArmEconomics { ValuePerOutcome = 40, CostPerOutcome = 25 }],
        };
        double[] baseline = [0.1, 0.1, 0.1];
        OfferAssignment result = OfferPolicy.Assign(s_effects, 2, options, baseline);

        // Customer 0: arm 1: 40*0.10 - 20*0.20 = 0; arm 2: 40*0.12 - 25*0.22 = -0.7 -> control.
        // Customer 1: arm 1: 2 - 20*0.15 = -1; arm 2: 8 - 25*0.30 = 0.5 -> arm 2.
        Assert.Equal<int>([0, 2, 0], result.Arms);
        Assert.Equal(0.5, result.ExpectedValue[1], 12);
        Assert.Equal(7.5, result.ExpectedCost[1], 12);
    }

    [Fact]
    public void Assign_MaxArmCap_NeverExceedsCap()
    {
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()], MaxArm = 1 };
        OfferAssignment result = OfferPolicy.Assign(s_effects, 2, options);
        Assert.Equal<int>([1, 1, 0], result.Arms);
    }

    [Fact]
    public void Assign_TopN_KeepsBestCustomers()
    {
        var options = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()], MaxTreated = 1 };
        OfferAssignment result = OfferPolicy.Assign(s_effects, 2, options);
        Assert.Equal<int>([0, 2, 0], result.Arms);
        Assert.Equal(0.20, result.TotalExpectedValue, 12);
    }

    [Fact]
    public void Assign_Budget_TotalCostWithinBudget()
    {
        var options = new OfferPolicyOptions
        {
            Arms = [new ArmEconomics { ValuePerOutcome = 100, CostPerTreated = 2 }, new ArmEconomics { ValuePerOutcome = 100, CostPerTreated = 3 }],
            Budget = 4,
        };
        OfferAssignment result = OfferPolicy.Assign(s_effects, 2, options);

        // Values: customer 0 arm 2 = 9, customer 1 arm 2 = 17; only one costing 3 fits in 4.
        Assert.Equal<int>([0, 2, 0], result.Arms);
        Assert.True(result.TotalExpectedCost <= 4);
    }

    [Fact]
    public void ApplyRules_SeedRuleTable_AssignsAsWritten()
    {
        // "Give 25% if it beats 20% by more than 0.05, else 20% if it beats control by more than 0.02."
        OfferRule[] rules = [new(2, 1, 0.05), new(1, 0, 0.02)];
        OfferAssignment result = OfferPolicy.ApplyRules(s_effects, 2, rules);
        Assert.Equal<int>([1, 2, 0], result.Arms);
        Assert.Equal<double>([0.10, 0.20, 0], result.ExpectedValue);
    }

    [Fact]
    public void Assign_BadInputs_Throw()
    {
        var ok = new OfferPolicyOptions { Arms = [new ArmEconomics(), new ArmEconomics()] };
        Assert.Throws<ArgumentException>(() => OfferPolicy.Assign([0.1, 0.2, 0.3], 2, ok));
        Assert.Throws<ArgumentException>(() => OfferPolicy.Assign([0.1, double.NaN], 2, ok));
        Assert.Throws<ArgumentException>(() => OfferPolicy.Assign(s_effects, 2, ok with { Arms = [new ArmEconomics()] }));
        Assert.Throws<ArgumentException>(() => OfferPolicy.Assign(s_effects, 2, ok with { Arms = [new ArmEconomics { CostPerOutcome = 1 }, new ArmEconomics()] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.Assign(s_effects, 2, ok with { Arms = [new ArmEconomics { CostPerTreated = -1 }, new ArmEconomics()] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.Assign(s_effects, 2, ok with { MaxArm = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.Assign(s_effects, 2, ok with { MaxTreated = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.Assign(s_effects, 2, ok with { Budget = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.Assign(s_effects, 0, ok));
        Assert.Throws<ArgumentNullException>(() => OfferPolicy.Assign(s_effects, 2, null!));
    }

    [Fact]
    public void ApplyRules_BadRules_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.ApplyRules(s_effects, 2, [new OfferRule(3, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.ApplyRules(s_effects, 2, [new OfferRule(1, -1, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferPolicy.ApplyRules(s_effects, 2, [new OfferRule(1, 0, double.NaN)]));
        Assert.Throws<ArgumentNullException>(() => OfferPolicy.ApplyRules(s_effects, 2, null!));
    }
}
