using System.Collections.Immutable;

namespace Personalization.Uplift.Learners;

/// <summary>The outcome of <see cref="RecursiveFeatureElimination.Fit"/>: the chosen features, the cross-validated score of every feature count, and the learner refitted on the chosen features.</summary>
/// <remarks>Immutable and thread-safe (the model is a fitted base model). Not persisted as a whole: save <see cref="Model"/> and keep <see cref="SelectedFeatures"/>.</remarks>
public sealed class RecursiveFeatureEliminationResult
{
    internal RecursiveFeatureEliminationResult(RecursiveFeatureEliminationOptions options, int[] selected, string[] selectedNames, int[] ranking, int[] counts, double[] meanScores, double[] scoreSds, IBaseModel model)
    {
        Options = options;
        SelectedFeatures = [.. selected];
        SelectedFeatureNames = [.. selectedNames];
        Ranking = [.. ranking];
        FeatureCounts = [.. counts];
        MeanScores = [.. meanScores];
        ScoreStandardDeviations = [.. scoreSds];
        Model = model;
    }

    /// <summary>Gets the options the result was fitted with.</summary>
    public RecursiveFeatureEliminationOptions Options { get; }

    /// <summary>Gets the column indices of the chosen features, ascending.</summary>
    public ImmutableArray<int> SelectedFeatures { get; }

    /// <summary>Gets the column names of the chosen features, in the order of <see cref="SelectedFeatures"/>.</summary>
    public ImmutableArray<string> SelectedFeatureNames { get; }

    /// <summary>Gets the rank of every column (scikit-learn's <c>ranking_</c>): 1 for a chosen feature, 2 for the last one eliminated, and so on.</summary>
    public ImmutableArray<int> Ranking { get; }

    /// <summary>Gets the candidate feature counts, ascending (from <see cref="RecursiveFeatureEliminationOptions.MinFeatureCount"/> to all features).</summary>
    public ImmutableArray<int> FeatureCounts { get; }

    /// <summary>Gets the mean cross-validated score of each entry of <see cref="FeatureCounts"/> (R² for a regressor, ROC AUC for a classifier; higher is better).</summary>
    public ImmutableArray<double> MeanScores { get; }

    /// <summary>Gets the standard deviation over folds (n − 1 in the variance) of each entry of <see cref="MeanScores"/>.</summary>
    public ImmutableArray<double> ScoreStandardDeviations { get; }

    /// <summary>Gets the number of chosen features: the count with the best mean score (the fewer features on a tie).</summary>
    public int BestFeatureCount => SelectedFeatures.Length;

    /// <summary>Gets the learner fitted on all rows and the chosen columns only; pass it <see cref="SelectFeatures"/>'s output.</summary>
    public IBaseModel Model { get; }

    /// <summary>Keeps the chosen columns of a feature matrix, in the order of <see cref="SelectedFeatures"/>.</summary>
    /// <param name="features">Rows with the columns the selection was fitted on.</param>
    /// <returns>A matrix with <see cref="BestFeatureCount"/> columns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="features"/> does not have the number of columns the selection was fitted on.</exception>
    public FeatureMatrix<double> SelectFeatures(FeatureMatrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ColumnCount != Ranking.Length)
        {
            throw new ArgumentException($"features has {features.ColumnCount} columns but the selection was fitted on {Ranking.Length}; pass the same columns as in fitting.", nameof(features));
        }

        return features.SelectColumns(SelectedFeatures.AsSpan());
    }
}
