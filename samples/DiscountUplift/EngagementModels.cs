using System.Globalization;
using Personalization.Cli;
using Personalization.Uplift.Learners;
using Personalization.Uplift;

namespace Personalization.Samples;

/// <summary>
/// The engagement model of the DiscountUplift sample: who visits at all (whatever the e-mail), as a random forest and
/// as a logistic regression, compared on the held-out half by precision, recall and F1 at a threshold and by ROC AUC.
/// </summary>
internal static class EngagementModels
{
    /// <summary>Fits both classifiers on the training half and scores them on the test half.</summary>
    /// <param name="train">The training half (features and visit).</param>
    /// <param name="testFeatures">The test half's features.</param>
    /// <param name="testVisit">The test half's visits (0/1).</param>
    /// <param name="seed">The forest's seed.</param>
    /// <returns>One evaluation per model, and the threshold used.</returns>
    public static (IReadOnlyList<EngagementEvaluation> Evaluations, double Threshold) Compare(UpliftData train, FeatureMatrix<double> testFeatures, double[] testVisit, int seed)
    {
        // Visits are rare (about 15%), so a 0.5 cut would predict almost nobody: cut at the training visit rate instead.
        double threshold = train.Outcome.ToArray().Average();
        var models = new (string Name, IBaseLearner Learner)[]
        {
            ("Random forest", new RandomForest(new RandomForestOptions { Task = RandomForestTask.Classification, TreeCount = 100, MinSamplesLeaf = 20, Seed = seed })),
            ("Logistic regression", new LogisticRegression()),
        };

        var evaluations = new List<EngagementEvaluation>();
        foreach ((string name, IBaseLearner learner) in models)
        {
            IBaseModel model = learner.Fit(train.Features, train.Outcome);
            var probability = new double[testFeatures.RowCount];
            model.Predict(testFeatures, probability);
            evaluations.Add(new EngagementEvaluation(
                name,
                ClassificationMetrics.Precision(testVisit, probability, threshold),
                ClassificationMetrics.Recall(testVisit, probability, threshold),
                ClassificationMetrics.F1Score(testVisit, probability, threshold),
                ClassificationMetrics.RocAucScore(testVisit, probability)));
        }

        return (evaluations, threshold);
    }

    /// <summary>Prints the comparison table.</summary>
    public static void Write(TextWriter output, IReadOnlyList<EngagementEvaluation> evaluations, double threshold, int testCount)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Engagement model: will the customer visit? ({testCount:N0} held-out customers; predicted 'visit' when P >= {threshold:0.000}, the training visit rate)"));
        var table = new ConsoleTable("model", "precision", "recall", "F1", "ROC AUC");
        foreach (EngagementEvaluation e in evaluations)
        {
            table.AddRow(e.Model, e.Precision, e.Recall, e.F1, e.RocAuc);
        }

        table.Write(output);
    }

    internal sealed record EngagementEvaluation(string Model, double Precision, double Recall, double F1, double RocAuc);
}
