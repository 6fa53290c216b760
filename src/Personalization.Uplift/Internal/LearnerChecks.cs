namespace Personalization.Uplift.Internal;

/// <summary>Argument checks shared by the base learners and models.</summary>
internal static class LearnerChecks
{
    public static void FitInput(FeatureMatrix<double> features, ReadOnlySpan<double> target, bool classifier)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.ThrowIfEmptyOrNotFinite(nameof(features));
        Validation.Guard.SameLength(target.Length, features.RowCount, nameof(target), nameof(features) + " rows");
        Validation.Guard.AllFinite(target);
        if (classifier)
        {
            for (int i = 0; i < target.Length; i++)
            {
                if (target[i] != 0 && target[i] != 1)
                {
                    throw new ArgumentException($"target[{i}] is {target[i]}; a classifier needs targets of 0 or 1. Use a regressor for continuous outcomes.", nameof(target));
                }
            }
        }
    }

    public static void PredictInput(FeatureMatrix<double> features, int featureCount, int destinationLength, string destinationName)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ColumnCount != featureCount)
        {
            throw new ArgumentException($"features has {features.ColumnCount} columns but the model was fitted on {featureCount}; pass the same columns as in training.", nameof(features));
        }

        if (destinationLength < features.RowCount)
        {
            throw new ArgumentException($"{destinationName} has length {destinationLength} but features has {features.RowCount} rows; give at least one slot per row.", destinationName);
        }

        features.ThrowIfNotFinite(nameof(features));
    }
}
