namespace Personalization.Uplift.Internal;

/// <summary>Validation of sample weights for <see cref="Learners.IWeightedBaseLearner"/> implementations.</summary>
internal static class WeightChecks
{
    public static void Check(ReadOnlySpan<double> weights, int rowCount)
    {
        Validation.Guard.SameLength(weights.Length, rowCount, nameof(weights), "features rows");
        double sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            double w = weights[i];
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"weights[{i}] is {w}; every weight must be finite and at least 0.", nameof(weights));
            }

            sum += w;
        }

        if (!(sum > 0))
        {
            throw new ArgumentException("The weights sum to 0; at least one row needs a positive weight.", nameof(weights));
        }
    }
}
