using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Personalization.Uplift.Tests;

public sealed class ClassificationMetricsTests
{
    // Generated and scored with scikit-learn 1.2.1 (Debian python3-sklearn):
    //   rng = np.random.RandomState(7); y = rng.randint(0, 2, 24).astype(float)
    //   s = np.round(np.clip(0.35 * y + rng.rand(24) * 0.65, 0, 1), 1)      # many tied scores
    //   precision_score(y, (s >= t).astype(int)), recall_score(...), f1_score(...) for t in 0.5, 0.3, 0.7
    //   roc_auc_score(y, s)
    private static readonly double[] s_label = [1, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1];
    private static readonly double[] s_score = [0.6, 0, 0.5, 0.6, 0.5, 0.6, 1, 0.4, 0.4, 1, 0.1, 0.7, 0.6, 0.4, 0.3, 0.5, 0.4, 0.3, 0.5, 0.3, 0.2, 0.3, 0.6, 0.9];

    [Theory]
    [InlineData(0.5, 0.7692307692307693, 0.8333333333333334, 0.8)]
    [InlineData(0.3, 0.5714285714285714, 1.0, 0.7272727272727273)]
    [InlineData(0.7, 1.0, 0.3333333333333333, 0.5)]
    public void PrecisionRecallF1_TiedScores_MatchScikitLearn(double threshold, double precision, double recall, double f1)
    {
        Assert.Equal(precision, ClassificationMetrics.Precision(s_label, s_score, threshold), 14);
        Assert.Equal(recall, ClassificationMetrics.Recall(s_label, s_score, threshold), 14);
        Assert.Equal(f1, ClassificationMetrics.F1Score(s_label, s_score, threshold), 14);
    }

    [Fact]
    public void RocAucScore_TiedScores_MatchesScikitLearn() => Assert.Equal(0.8715277777777779, ClassificationMetrics.RocAucScore(s_label, s_score), 14);

    [Fact]
    public void RocAucScore_ConstantScore_IsOneHalf() => Assert.Equal(0.5, ClassificationMetrics.RocAucScore(s_label, new double[s_label.Length]));

    [Fact]
    public void NoPredictedPositive_PrecisionAndF1AreZero()
    {
        // scikit-learn: precision_score(y, zeros, zero_division=0) = 0, f1_score(...) = 0; recall is 0 as well.
        Assert.Equal(0, ClassificationMetrics.Precision(s_label, s_score, 2));
        Assert.Equal(0, ClassificationMetrics.Recall(s_label, s_score, 2));
        Assert.Equal(0, ClassificationMetrics.F1Score(s_label, s_score, 2));
        Assert.Equal(0, ClassificationMetrics.Recall(new double[3], [0.9, 0.1, 0.5]));
    }

    [Property(MaxTest = 100)]
    public Property RocAucScore_EqualsPairCount()
    {
        Gen<(double Label, double Score)[]> gen = Gen.Choose(2, 40).SelectMany(n => Gen.ArrayOf(
            Gen.Choose(0, 1).SelectMany(l => Gen.Choose(0, 6).Select(s => ((double)l, s / 6.0))), n));
        return Prop.ForAll(gen.ToArbitrary(), rows =>
        {
            double[] label = rows.Select(r => r.Label).ToArray();
            double[] score = rows.Select(r => r.Score).ToArray();
            double pairs = 0, wins = 0;
            for (int i = 0; i < label.Length; i++)
            {
                for (int j = 0; j < label.Length; j++)
                {
                    if (label[i] == 1 && label[j] == 0)
                    {
                        pairs++;
                        wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
                    }
                }
            }

            if (pairs == 0)
            {
                return Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAucScore(label, score)).Message.Contains("both labels", StringComparison.Ordinal);
            }

            return Math.Abs((wins / pairs) - ClassificationMetrics.RocAucScore(label, score)) < 1e-12;
        });
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Precision([], []));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Recall([1, 0], [0.5]));
        Assert.Contains("label[1] is 2", Assert.Throws<ArgumentException>(() => ClassificationMetrics.F1Score([1, 2], [0.5, 0.5])).Message);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAucScore([1, 0], [0.5, double.NaN]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAucScore([1, 1], [0.5, 0.2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Precision([1, 0], [0.5, 0.2], double.NaN));
    }
}
