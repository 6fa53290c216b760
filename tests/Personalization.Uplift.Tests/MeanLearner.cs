using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

/// <summary>A regressor that predicts the mean of its training targets, for hand-computed estimator tests.</summary>
internal sealed class MeanLearner : IBaseLearner
{
    public bool IsClassifier => false;

    public IBaseModel Fit(FeatureMatrix<double> features, ReadOnlySpan<double> target, CancellationToken cancellationToken = default)
    {
        double sum = 0;
        foreach (double v in target)
        {
            sum += v;
        }

        return new Model(features.ColumnCount, sum / target.Length);
    }

    private sealed class Model(int featureCount, double mean) : IBaseModel
    {
        public string ModelType => "Mean";

        public int FeatureCount => featureCount;

        public void Predict(FeatureMatrix<double> features, Span<double> predictions) => predictions[..features.RowCount].Fill(mean);
    }
}
