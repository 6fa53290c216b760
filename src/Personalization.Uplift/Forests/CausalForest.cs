using Personalization.Internal;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;
using Personalization.Uplift.Learners;

namespace Personalization.Uplift;

/// <summary>
/// The causal forest of Wager &amp; Athey (2018) as generalised by Athey, Tibshirani &amp; Wager (2019, grf):
/// the effect of one binary treatment, orthogonalised with cross-fitted nuisance models, honest trees
/// grown with the gradient-based splitting rule, pointwise variances by the bootstrap of little bags and a
/// doubly robust average effect with its standard error.
/// </summary>
/// <remarks>
/// <para>
/// Nuisances: m(x) = E[Y | x] and e(x) = P(W = 1 | x) are cross-fitted (<see cref="CausalForestOptions.FoldCount"/>
/// seeded folds stratified by arm; grf uses out-of-bag regression forests instead) and every row gets the residuals
/// ỹ = y − m̂(x) and w̃ = w − ê(x).
/// </para>
/// <para>
/// Trees: the trees come in groups of ℓ = <see cref="CausalForestOptions.ConfidenceGroupSize"/>. Group g draws a
/// half-sample of ⌊n/2⌋ rows; each of its trees draws ⌈<see cref="CausalForestOptions.SampleFraction"/>·n⌉ rows of it
/// without replacement and, when honest, splits them into a splitting part (<see cref="CausalForestOptions.HonestyFraction"/>)
/// and an estimation part. A node's split maximizes Σ<sub>L</sub>ρ²/n<sub>L</sub> + Σ<sub>R</sub>ρ²/n<sub>R</sub> for the pseudo-outcomes
/// ρ = (w̃ − w̄)[(ỹ − ȳ) − (w̃ − w̄)τ<sub>P</sub>], τ<sub>P</sub> the node's own residual-on-residual slope (grf's relabelling),
/// over the bin boundaries of <see cref="CausalForestOptions.FeaturesPerSplit"/> seeded candidate features. Leaves keep the
/// means of w̃, ỹ, w̃ỹ and w̃² of their estimation rows; a row whose leaf has none uses the deepest ancestor that has.
/// Generators are seeded by (<see cref="CausalForestOptions.Seed"/>, group) and (Seed, tree), so the forest does not
/// depend on the thread count.
/// </para>
/// <para>
/// Prediction: with A the forest mean of those leaf means, τ̂(x) = (A<sub>w̃ỹ</sub> − A<sub>w̃</sub>A<sub>ỹ</sub>)/(A<sub>w̃w̃</sub> − A<sub>w̃</sub>²),
/// the forest-weighted residual regression. Its variance is the bootstrap of little bags: with ψ<sub>b</sub> the tree-b
/// estimating function at τ̂ divided by J = A<sub>w̃w̃</sub> − A<sub>w̃</sub>², V<sub>between</sub> the mean of the squared group means of ψ
/// and V<sub>total</sub> the mean of ψ², the estimate V<sub>between</sub> − (V<sub>total</sub> − V<sub>between</sub>)/(ℓ − 1), kept positive by grf's
/// objective-Bayes correction.
/// </para>
/// <para>
/// Average effect (AIPW): Γ<sub>i</sub> = τ̂<sub>−i</sub> + w̃<sub>i</sub>/(ê<sub>i</sub>(1 − ê<sub>i</sub>))·(ỹ<sub>i</sub> − w̃<sub>i</sub>τ̂<sub>−i</sub>) with the out-of-bag
/// effect τ̂<sub>−i</sub> (trees whose subsample left row i out); the estimate is the mean of Γ and its standard error sd(Γ)/√n.
/// </para>
/// Stateless and thread-safe.
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class CausalForest(CausalForestOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public CausalForestOptions Options { get; } = options ?? new CausalForestOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the nuisance models and the forest.</summary>
    /// <param name="data">The training data with one treatment arm (arm 1) and the control (arm 0).</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The data has more than one treatment arm; an arm has fewer than 10 rows or fewer rows than folds (the message names the arm and its count); the outcome learner is a classifier but the outcome is not binary; or the propensity learner is a regressor.</exception>
    public CausalForestModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        CausalForestOptions o = Options;
        o.Validate();
        if (data.ArmCount != 1)
        {
            throw new ArgumentException($"The causal forest estimates the effect of one binary treatment, but the data has {data.ArmCount} treatment arms; fit one forest per arm on the rows of the control and that arm (UpliftData.Subset).", nameof(data));
        }

        MetaLearnerSupport.CheckData(data);
        IBaseLearner outcome = o.OutcomeLearner ?? MetaLearnerSupport.DefaultOutcomeLearner(data.IsBinaryOutcome);
        IBaseLearner propensity = o.PropensityLearner ?? MetaLearnerSupport.DefaultPropensityLearner();
        MetaLearnerSupport.CheckOutcomeLearner(outcome, data, "OutcomeLearner");
        MetaLearnerSupport.CheckClassifier(propensity, "PropensityLearner");

        int n = data.Count, d = data.Features.ColumnCount;
        int[] all = ForestSampling.Identity(n);
        int[] fold = CrossFitting.Folds(data, o.FoldCount, o.Seed);
        double[] mHat = CrossFitting.Predict(outcome, data.Features, data.Outcome, all, all, fold, o.FoldCount, cancellationToken);
        double[] eHat = CrossFitting.Propensity(data, 1, all, o.Propensity, o.KnownPropensity, o.PropensityClip, propensity, fold, o.FoldCount, cancellationToken);
        var yr = new double[n];
        var wr = new double[n];
        ReadOnlySpan<int> t = data.Treatment;
        ReadOnlySpan<double> y = data.Outcome;
        for (int i = 0; i < n; i++)
        {
            yr[i] = y[i] - mHat[i];
            wr[i] = t[i] - eHat[i];
        }

        int[] correctionFeatures = o.LinearCorrection ? CorrectionFeatures(data.Features, yr, wr, o) : [];
        int s = correctionFeatures.Length;
        var correction = new double[n * s];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < s; j++)
            {
                correction[(i * s) + j] = data.Features[i, correctionFeatures[j]];
            }
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism == 0 ? -1 : o.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        double[][] thresholds = FeatureBinner.Thresholds(data.Features, o.MaxBins, parallel);
        byte[] bins = FeatureBinner.BinColumns(data.Features, thresholds, parallel);
        int mtry = o.FeaturesPerSplit > 0 ? Math.Min(o.FeaturesPerSplit, d) : Math.Min((int)Math.Ceiling(Math.Sqrt(d) + 20), d);
        int half = n / 2;
        int size = Math.Clamp((int)Math.Ceiling(o.SampleFraction * n), 2, half);
        var trees = new CausalTreeBuilder[o.TreeCount];
        var inSample = new ulong[o.TreeCount][];
        ChunkParallel.For(o.TreeCount, parallel, tree =>
        {
            int group = tree / o.ConfidenceGroupSize;
            int[] halfSample = ForestSampling.Subsample(new Random(unchecked((o.Seed * 1_000_003) + (2 * group) + 1)), all, half);
            var rng = new Random(unchecked((o.Seed * 1_000_003) + (2 * tree)));
            int[] rows = ForestSampling.Subsample(rng, halfSample, size);
            var bits = new ulong[(n + 63) / 64];
            foreach (int r in rows)
            {
                bits[r >> 6] |= 1UL << (r & 63);
            }

            var builder = new CausalTreeBuilder(bins, n, thresholds, yr, wr, o, mtry, rng, correction, s);
            if (o.Honest)
            {
                int splitCount = Math.Clamp((int)Math.Round(o.HonestyFraction * rows.Length), 1, rows.Length - 1);
                int[] order = (int[])rows.Clone();
                rng.Shuffle(order);
                int[] split = order[..splitCount], estimate = order[splitCount..];
                Array.Sort(split);
                Array.Sort(estimate);
                builder.Grow(split, estimate);
            }
            else
            {
                builder.Grow(rows, rows);
            }

            trees[tree] = builder;
            inSample[tree] = bits;
        });

        var lists = new TreeNodeLists[trees.Length];
        int total = 0;
        for (int i = 0; i < trees.Length; i++)
        {
            lists[i] = trees[i].Nodes;
            total += trees[i].Stats.Length;
        }

        var stats = new double[total];
        int offset = 0;
        foreach (CausalTreeBuilder tree in trees)
        {
            tree.Stats.CopyTo(stats, offset);
            offset += tree.Stats.Length;
        }

        var model = new CausalForestModel(o, d, data.ArmNames, ForestNodes.Concatenate(lists), stats, correctionFeatures, double.NaN, double.NaN);
        (double ate, double se) = AverageEffect(model, data.Features, yr, wr, eHat, inSample, parallel);
        return model.WithAverageEffect(ate, se);
    }

    /// <summary>
    /// The linear correction features: non-zero coefficients of a cross-validated lasso of ỹ/w̃ on x with weights w̃²
    /// (the R-loss of a linear effect), largest |coefficient|·sd first, at most MaxLinearCorrectionFeatures, in column order.
    /// </summary>
    private static int[] CorrectionFeatures(FeatureMatrix<double> x, double[] yr, double[] wr, CausalForestOptions o)
    {
        int n = x.RowCount, d = x.ColumnCount;
        var target = new double[n];
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            double w = wr[i];
            weights[i] = w * w;
            target[i] = w == 0 ? 0 : yr[i] / w;
        }

        LassoRegressionModel lasso = new LassoRegression(new LassoRegressionOptions { Seed = o.Seed }).Fit(x, target, weights);
        var score = new List<(double Score, int Feature)>();
        for (int j = 0; j < d; j++)
        {
            if (lasso.Coefficients[j] != 0)
            {
                double mean = 0, ss = 0;
                for (int i = 0; i < n; i++)
                {
                    mean += x[i, j];
                }

                mean /= n;
                for (int i = 0; i < n; i++)
                {
                    ss += (x[i, j] - mean) * (x[i, j] - mean);
                }

                score.Add((Math.Abs(lasso.Coefficients[j]) * Math.Sqrt(ss / n), j));
            }
        }

        score.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Feature.CompareTo(b.Feature));
        int[] chosen = [.. score.Take(o.MaxLinearCorrectionFeatures).Select(t => t.Feature)];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>The AIPW average effect and its standard error from out-of-bag effects.</summary>
    private static (double Effect, double StandardError) AverageEffect(CausalForestModel model, FeatureMatrix<double> x, double[] yr, double[] wr, double[] e, ulong[][] inSample, ParallelOptions parallel)
    {
        int n = x.RowCount;
        double[] tau = model.OutOfBagEffects(x, inSample, parallel);
        var gamma = new double[n];
        for (int i = 0; i < n; i++)
        {
            gamma[i] = tau[i] + (wr[i] / (e[i] * (1 - e[i])) * (yr[i] - (wr[i] * tau[i])));
        }

        double mean = 0;
        foreach (double g in gamma)
        {
            mean += g;
        }

        mean /= n;
        double ss = 0;
        foreach (double g in gamma)
        {
            ss += (g - mean) * (g - mean);
        }

        return (mean, Math.Sqrt(ss / (n - 1) / n));
    }
}
