using Personalization.Uplift.Learners;

namespace Personalization.Uplift.Tests;

public sealed class RecursiveFeatureEliminationTests
{
    /// <summary>d features x ~ U(−1, 1); y from <paramref name="signal"/> of the first columns plus noise; the rest are noise.</summary>
    private static (FeatureMatrix<double> X, double[] Y) Make(int n, int d, int seed, Func<double[], Random, double> signal)
    {
        var rng = new Random(seed);
        var x = new double[n * d];
        var y = new double[n];
        var row = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                row[j] = (rng.NextDouble() * 2) - 1;
                x[(i * d) + j] = row[j];
            }

            y[i] = signal(row, rng);
        }

        string[] names = [.. Enumerable.Range(0, d).Select(j => $"f{j}")];
        return (FeatureMatrix<double>.FromOwnedArray(x, n, d, names), y);
    }

    [Fact]
    public void Fit_LinearSignalInThreeOfEightColumns_KeepsExactlyThoseThree()
    {
        (FeatureMatrix<double> x, double[] y) = Make(400, 8, 1, (r, rng) => (3 * r[0]) - (2 * r[1]) + r[2] + (0.3 * Synthetic.Normal(rng)));
        RecursiveFeatureEliminationResult result = new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = new RidgeRegression() }).Fit(x, y);
        Assert.Equal([0, 1, 2], result.SelectedFeatures.ToArray());
        Assert.Equal(["f0", "f1", "f2"], result.SelectedFeatureNames.ToArray());
        Assert.Equal(3, result.BestFeatureCount);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], result.FeatureCounts.ToArray());
        Assert.Equal(1, result.Ranking[0]);
        Assert.Equal(1, result.Ranking[2]);
        Assert.Equal([2, 3, 4, 5, 6], result.Ranking.Skip(3).Order().ToArray());
        Assert.True(result.MeanScores[2] > 0.9 && result.MeanScores[2] > result.MeanScores[1], string.Join(", ", result.MeanScores));
        Assert.Equal(3, result.Model.FeatureCount);
        Assert.Equal(3, result.SelectFeatures(x).ColumnCount);
    }

    [Fact]
    public void Fit_LogisticClassifier_KeepsTheTwoInformativeColumns()
    {
        (FeatureMatrix<double> x, double[] y) = Make(600, 6, 2, (r, rng) => rng.NextDouble() < 1 / (1 + Math.Exp(-((3 * r[0]) - (3 * r[1])))) ? 1 : 0);
        RecursiveFeatureEliminationResult result = new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = new LogisticRegression(), Seed = 3 }).Fit(x, y);
        Assert.Contains(0, result.SelectedFeatures);
        Assert.Contains(1, result.SelectedFeatures);
        Assert.True(result.BestFeatureCount <= 3, string.Join(", ", result.MeanScores));
        Assert.InRange(result.MeanScores[^1], 0.75, 1.0); // ROC AUC with every feature
    }

    [Fact]
    public void Fit_RandomForestNonlinearSignal_PermutationImportanceKeepsTheSignal()
    {
        (FeatureMatrix<double> x, double[] y) = Make(500, 6, 4, (r, rng) => Math.Sin(3 * r[0]) + (2 * r[1] * r[1]) + (0.2 * Synthetic.Normal(rng)));
        var forest = new RandomForest(new RandomForestOptions { TreeCount = 30, MinSamplesLeaf = 5, Seed = 1 });
        RecursiveFeatureEliminationResult result = new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = forest, Step = 2, FoldCount = 3, Seed = 5 }).Fit(x, y);
        Assert.Equal([1, 2, 4, 6], result.FeatureCounts.ToArray());
        Assert.Contains(0, result.SelectedFeatures);
        Assert.Contains(1, result.SelectedFeatures);
        Assert.All(result.ScoreStandardDeviations, s => Assert.True(s >= 0));
    }

    [Fact]
    public void Fit_SameSeed_SameResult()
    {
        (FeatureMatrix<double> x, double[] y) = Make(200, 5, 6, (r, rng) => r[0] + (0.5 * r[3]) + Synthetic.Normal(rng));
        var options = new RecursiveFeatureEliminationOptions { Learner = new GradientBoosting(new GradientBoostingOptions { TreeCount = 10, MinSamplesLeaf = 10 }), Seed = 9 };
        RecursiveFeatureEliminationResult a = new RecursiveFeatureElimination(options).Fit(x, y);
        RecursiveFeatureEliminationResult b = new RecursiveFeatureElimination(options).Fit(x, y);
        Assert.Equal(a.SelectedFeatures.ToArray(), b.SelectedFeatures.ToArray());
        Assert.Equal(a.MeanScores.ToArray(), b.MeanScores.ToArray());
        Assert.Equal(a.Ranking.ToArray(), b.Ranking.ToArray());
    }

    // scikit-learn 1.2.1's RFECV(LinearRegression(), step, min_features_to_select) reports 4, 4, 3, 2 and 1 mean test
    // scores for these five cases, one per count below; RFE's ranking_ uses the same 1 = kept, 2 = last eliminated rule.
    [Theory]
    [InlineData(7, 2, 1, new[] { 7, 5, 3, 1 })]
    [InlineData(8, 3, 1, new[] { 8, 5, 2, 1 })]
    [InlineData(5, 1, 3, new[] { 5, 4, 3 })]
    [InlineData(4, 10, 2, new[] { 4, 2 })]
    [InlineData(3, 1, 3, new[] { 3 })]
    public void Counts_StepAndMinimum_AsScikitLearn(int d, int step, int min, int[] expected) => Assert.Equal(expected, RecursiveFeatureElimination.Counts(d, step, min));

    [Fact]
    public void Fit_BadInput_Throws()
    {
        (FeatureMatrix<double> x, double[] y) = Make(40, 3, 7, (r, _) => r[0]);
        var ridge = new RidgeRegression();
        Assert.Throws<ArgumentNullException>(() => new RecursiveFeatureElimination(null!));
        Assert.Throws<ArgumentException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions()).Fit(x, y));
        Assert.Throws<ArgumentNullException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge }).Fit(null!, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge, FoldCount = 1 }).Fit(x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge, Step = 0 }).Fit(x, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge, MinFeatureCount = 4 }).Fit(x, y));
        Assert.Throws<ArgumentException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge }).Fit(x, y.AsSpan(1)));
        Assert.Contains("at least 40", Assert.Throws<ArgumentException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge, FoldCount = 20 }).Fit(x.SelectRows([.. Enumerable.Range(0, 39)]), y.AsSpan(0, 39))).Message);
        double[] labels = [.. Enumerable.Range(0, 40).Select(i => i < 3 ? 1.0 : 0.0)];
        var classes = Assert.Throws<ArgumentException>(() => new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = new LogisticRegression() }).Fit(x, labels));
        Assert.Contains("Class 1 has 3 rows", classes.Message);
        RecursiveFeatureEliminationResult result = new RecursiveFeatureElimination(new RecursiveFeatureEliminationOptions { Learner = ridge }).Fit(x, y);
        Assert.Throws<ArgumentException>(() => result.SelectFeatures(x.SelectColumns([0, 1])));
    }
}
