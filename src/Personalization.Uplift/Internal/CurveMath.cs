namespace Personalization.Uplift.Internal;

/// <summary>Validation, ranking and integration shared by the uplift metrics.</summary>
internal static class CurveMath
{
    /// <summary>Trapezoidal area under (x, y).</summary>
    public static double Trapezoid(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double area = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            area += (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }

        return area;
    }

    /// <summary>
    /// Checks lengths, emptiness, finiteness, 0/1 treatment with both groups present and,
    /// optionally, 0/1 outcomes.
    /// </summary>
    public static void Validate(ReadOnlySpan<double> outcome, ReadOnlySpan<double> score, ReadOnlySpan<int> treatment, bool binaryOutcome, bool hasScore = true)
    {
        if (outcome.IsEmpty)
        {
            throw new ArgumentException("outcome is empty; uplift metrics need at least one treated and one control unit.", nameof(outcome));
        }

        if (hasScore)
        {
            Validation.Guard.SameLength(score.Length, outcome.Length, nameof(score), nameof(outcome));
            Validation.Guard.AllFinite(score);
        }

        Validation.Guard.SameLength(treatment.Length, outcome.Length, nameof(treatment), nameof(outcome));
        Validation.Guard.AllFinite(outcome);
        ValidateTreatment(treatment);
        if (binaryOutcome)
        {
            for (int i = 0; i < outcome.Length; i++)
            {
                if (outcome[i] != 0 && outcome[i] != 1)
                {
                    throw new ArgumentException($"outcome[{i}] is {outcome[i]}; this metric needs a binary outcome (0 or 1).", nameof(outcome));
                }
            }
        }
    }

    /// <summary>Checks that treatment holds only 0 and 1 and both occur.</summary>
    public static void ValidateTreatment(ReadOnlySpan<int> treatment)
    {
        bool hasControl = false;
        bool hasTreated = false;
        for (int i = 0; i < treatment.Length; i++)
        {
            switch (treatment[i])
            {
                case 0: hasControl = true; break;
                case 1: hasTreated = true; break;
                default:
                    throw new ArgumentException($"treatment[{i}] is {treatment[i]}; uplift metrics compare one treatment (1) with control (0). Select the rows of one arm and the control first.", nameof(treatment));
            }
        }

        if (!hasControl || !hasTreated)
        {
            throw new ArgumentException($"treatment has no {(hasControl ? "treated (1)" : "control (0)")} unit; uplift metrics need both groups.", nameof(treatment));
        }
    }

    /// <summary>
    /// Row indices sorted by descending score; ties in descending row index (as numpy's stable
    /// ascending argsort reversed, which scikit-uplift uses).
    /// </summary>
    public static int[] DescendingOrder(ReadOnlySpan<double> score)
    {
        double[] keys = score.ToArray();
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = keys[b].CompareTo(keys[a]);
            return c != 0 ? c : b.CompareTo(a);
        });
        return order;
    }

    /// <summary>Row indices sorted by descending score, ties in ascending row index (stable descending sort).</summary>
    public static int[] StableDescendingOrder(ReadOnlySpan<double> score)
    {
        double[] keys = score.ToArray();
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int c = keys[b].CompareTo(keys[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
