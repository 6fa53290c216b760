using System.Collections.Immutable;
using Personalization.Validation;

namespace Personalization;

/// <summary>
/// Training data for uplift modelling: features, the arm each unit received (0 = control,
/// 1..<see cref="ArmCount"/> = treatment arms) and the observed outcome (binary 0/1 or continuous).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class UpliftData
{
    private readonly int[] _treatment;
    private readonly double[] _outcome;

    /// <summary>Creates uplift training data; the arrays are copied.</summary>
    /// <param name="features">One row per unit.</param>
    /// <param name="treatment">The arm of each unit: 0 for control, 1..m for the treatment arms.</param>
    /// <param name="outcome">The outcome of each unit.</param>
    /// <param name="armNames">Optional names for arms 0..m (for example "No E-Mail", "Womens E-Mail").</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Lengths differ, data is empty or not finite, an arm is negative, an arm between 0 and the largest has no units, or there is no control unit.</exception>
    public UpliftData(FeatureMatrix<double> features, ReadOnlySpan<int> treatment, ReadOnlySpan<double> outcome, IReadOnlyList<string>? armNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.ThrowIfEmptyOrNotFinite(nameof(features));
        Guard.SameLength(treatment.Length, features.RowCount, nameof(treatment), nameof(features) + " rows");
        Guard.SameLength(outcome.Length, features.RowCount, nameof(outcome), nameof(features) + " rows");
        Guard.AllFinite(outcome);

        int max = 0;
        for (int i = 0; i < treatment.Length; i++)
        {
            if (treatment[i] < 0)
            {
                throw new ArgumentException($"treatment[{i}] is {treatment[i]}; arms are 0 (control) or a positive treatment arm.", nameof(treatment));
            }

            max = Math.Max(max, treatment[i]);
        }

        var counts = new int[max + 1];
        foreach (int t in treatment)
        {
            counts[t]++;
        }

        for (int arm = 0; arm <= max; arm++)
        {
            if (counts[arm] == 0)
            {
                throw new ArgumentException(arm == 0
                    ? "treatment has no control unit (arm 0); uplift needs a control group."
                    : $"treatment has no unit in arm {arm} although arm {max} exists; number arms 1..m without gaps.", nameof(treatment));
            }
        }

        if (max == 0)
        {
            throw new ArgumentException("treatment has only control units (arm 0); uplift needs at least one treatment arm.", nameof(treatment));
        }

        if (armNames is not null && armNames.Count != max + 1)
        {
            throw new ArgumentException($"armNames has {armNames.Count} names but there are {max + 1} arms (control and {max} treatments).", nameof(armNames));
        }

        Features = features;
        _treatment = treatment.ToArray();
        _outcome = outcome.ToArray();
        ArmCount = max;
        ArmSizes = counts;
        ArmNames = armNames?.ToArray() ?? DefaultNames(max);
    }

    /// <summary>Gets the features, one row per unit.</summary>
    public FeatureMatrix<double> Features { get; }

    /// <summary>Gets the arm of each unit (0 = control).</summary>
    public ReadOnlySpan<int> Treatment => _treatment;

    /// <summary>Gets the outcome of each unit.</summary>
    public ReadOnlySpan<double> Outcome => _outcome;

    /// <summary>Gets the number of treatment arms (not counting control).</summary>
    public int ArmCount { get; }

    /// <summary>Gets the number of units in each arm, control first.</summary>
    public IReadOnlyList<int> ArmSizes { get; }

    /// <summary>Gets the names of arms 0..<see cref="ArmCount"/>.</summary>
    public IReadOnlyList<string> ArmNames { get; }

    /// <summary>Gets the number of units.</summary>
    public int Count => _outcome.Length;

    /// <summary>Gets a value indicating whether every outcome is 0 or 1.</summary>
    public bool IsBinaryOutcome
    {
        get
        {
            foreach (double y in _outcome)
            {
                if (y != 0 && y != 1)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Returns the subset of units at <paramref name="rows"/>.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>New uplift data over the selected rows.</returns>
    /// <exception cref="ArgumentException">The subset lacks the control or a treatment arm.</exception>
    public UpliftData Subset(ReadOnlySpan<int> rows)
    {
        var t = new int[rows.Length];
        var y = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            t[i] = _treatment[rows[i]];
            y[i] = _outcome[rows[i]];
        }

        return new UpliftData(Features.SelectRows(rows), t, y, ArmNames);
    }

    /// <summary>
    /// Splits the units at random into a training and a held-out part: the units are shuffled with
    /// <paramref name="seed"/>, the first round(<see cref="Count"/> x <paramref name="testFraction"/>) shuffled units are
    /// held out and the rest train; both parts keep the original order of the units.
    /// </summary>
    /// <param name="testFraction">The share of units held out, strictly between 0 and 1.</param>
    /// <param name="seed">The seed of the shuffle; the same seed gives the same split on every machine.</param>
    /// <returns>The two parts and the row indices of each.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">A part would be empty, or would have no unit of the control or of a treatment arm (the message names the part and the arm).</exception>
    public UpliftSplit Split(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "testFraction must be strictly between 0 and 1.");
        }

        int[] order = new int[Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        int held = (int)Math.Round(Count * testFraction);
        int[] test = order[..held];
        int[] train = order[held..];
        Array.Sort(test);
        Array.Sort(train);
        return new UpliftSplit(Part(train, "training", testFraction), Part(test, "test", testFraction), ImmutableArray.Create(train), ImmutableArray.Create(test));
    }

    private UpliftData Part(int[] rows, string part, double testFraction)
    {
        var counts = new int[ArmCount + 1];
        foreach (int r in rows)
        {
            counts[_treatment[r]]++;
        }

        for (int arm = 0; arm <= ArmCount; arm++)
        {
            if (counts[arm] == 0)
            {
                throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The {part} part of {Count} units split with testFraction {testFraction} has no unit of arm {arm} ('{ArmNames[arm]}', {ArmSizes[arm]} units in all); use more units or another testFraction."), nameof(testFraction));
            }
        }

        return Subset(rows);
    }

    private static string[] DefaultNames(int arms)
    {
        var names = new string[arms + 1];
        names[0] = "control";
        for (int i = 1; i <= arms; i++)
        {
            names[i] = "treatment" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return names;
    }
}
