using Personalization.Internal;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

/// <summary>
/// An uplift random forest (Rzepakowski &amp; Jaroszewicz, 2012; Guelman et al., 2015) for a binary
/// outcome, a control arm and one or more treatment arms: trees whose splits maximize the divergence
/// between the treatments' and the control's response rates, as in causalml's UpliftRandomForestClassifier.
/// </summary>
/// <remarks>
/// Features are cut into at most <see cref="UpliftRandomForestOptions.MaxBins"/> quantile bins and the split
/// candidates are the bin boundaries (causalml tries 3 or 11 percentiles of the node's values). Tree t draws, from
/// a generator seeded by (<see cref="UpliftRandomForestOptions.Seed"/>, t), its sample (bootstrap or subsample),
/// under <see cref="UpliftRandomForestOptions.Honest"/> a split of the sample's rows into a splitting and an
/// estimation half stratified by arm, and at each node <see cref="UpliftRandomForestOptions.FeaturesPerSplit"/>
/// candidate features.
/// <para>
/// A node's response rates are p<sub>k</sub> = s<sub>k</sub>/n<sub>k</sub> at the root and, below, (s<sub>k</sub> + λ·p<sub>k,parent</sub>)/(n<sub>k</sub> + λ)
/// when the node has more than <see cref="UpliftRandomForestOptions.MinArmSamplesLeaf"/> rows of arm k (otherwise the
/// parent's p<sub>k</sub>), λ = <see cref="UpliftRandomForestOptions.RegularizationWeight"/>. With D the divergence
/// of the <see cref="UpliftRandomForestOptions.Criterion"/> summed over treatments, a split into a lower (x ≤ threshold)
/// and an upper child gains f·D(upper) + (1 − f)·D(lower) − D(node), f the upper share of the rows, divided by the
/// normalisation factor I of Rzepakowski &amp; Jaroszewicz when <see cref="UpliftRandomForestOptions.Normalization"/>
/// is on; for DDP the gain is |D(upper) − D(lower)|. The best split with a positive gain whose children keep
/// <see cref="UpliftRandomForestOptions.MinSamplesLeaf"/> rows and <see cref="UpliftRandomForestOptions.MinArmSamplesLeaf"/>
/// rows of every arm is taken.
/// </para>
/// <para>
/// A leaf holds the raw response rate of each arm among its estimation rows (the splitting rows, or the other half
/// when honest; an arm absent there takes the parent's rate). The effect of arm a is the forest mean of
/// p<sub>a</sub> − p<sub>0</sub> over the leaves the row falls into. Trees are grown in parallel and stored in tree order,
/// so the model does not depend on the thread count. Stateless and thread-safe.
/// </para>
/// </remarks>
/// <param name="options">The hyperparameters; <see langword="null"/> uses the defaults.</param>
public sealed class UpliftRandomForest(UpliftRandomForestOptions? options = null) : IUpliftEstimator
{
    /// <summary>Gets the hyperparameters.</summary>
    public UpliftRandomForestOptions Options { get; } = options ?? new UpliftRandomForestOptions();

    /// <inheritdoc />
    IUpliftModel IEstimator<UpliftData, IUpliftModel>.Fit(UpliftData input, CancellationToken cancellationToken) => Fit(input, cancellationToken);

    /// <summary>Fits the forest.</summary>
    /// <param name="data">The training data with a 0/1 outcome.</param>
    /// <param name="cancellationToken">Cancels the fit between trees.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The outcome is not binary; the criterion is DDP and there is more than one treatment arm; or an arm has fewer rows than <see cref="UpliftRandomForestOptions.MinArmSamplesLeaf"/> (twice that when honest) or fewer than 10 (the message names the arm and its count).</exception>
    public UpliftRandomForestModel Fit(UpliftData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        UpliftRandomForestOptions o = Options;
        o.Validate();
        CheckData(data, o);
        MetaLearnerSupport.CheckData(data);

        int n = data.Count, d = data.Features.ColumnCount, arms = data.ArmCount + 1;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = o.MaxDegreeOfParallelism == 0 ? -1 : o.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        double[][] thresholds = FeatureBinner.Thresholds(data.Features, o.MaxBins, parallel);
        byte[] bins = FeatureBinner.BinColumns(data.Features, thresholds, parallel);
        int[] arm = data.Treatment.ToArray();
        double[] y = data.Outcome.ToArray();
        var prior = new double[arms];
        for (int r = 0; r < n; r++)
        {
            prior[arm[r]] += y[r];
        }

        for (int k = 0; k < arms; k++)
        {
            prior[k] /= data.ArmSizes[k];
        }

        int mtry = o.FeaturesPerSplit == 0 ? d : Math.Min(o.FeaturesPerSplit, d);
        int sampleSize = Math.Max(1, (int)Math.Ceiling(o.SampleFraction * n));
        var trees = new UpliftTreeBuilder[o.TreeCount];
        ChunkParallel.For(o.TreeCount, parallel, t =>
        {
            var rng = new Random(unchecked((o.Seed * 1_000_003) + t));
            double[] w = ForestSampling.Draw(rng, n, sampleSize, o.Bootstrap);
            int[] rows = ForestSampling.Rows(w);
            var builder = new UpliftTreeBuilder(bins, n, thresholds, arm, y, arms, o, mtry, rng);
            if (o.Honest)
            {
                (int[] split, int[] estimate) = ForestSampling.Halves(rng, rows, arm, arms);
                builder.Grow(split, w, estimate, w, prior);
            }
            else
            {
                builder.Grow(rows, w, rows, w, prior);
            }

            trees[t] = builder;
        });

        var lists = new TreeNodeLists[trees.Length];
        var rate = new double[trees.Sum(b => b.Rate.Count)];
        int offset = 0;
        for (int t = 0; t < trees.Length; t++)
        {
            lists[t] = trees[t].Nodes;
            trees[t].Rate.CopyTo(rate, offset);
            offset += trees[t].Rate.Count;
        }

        return new UpliftRandomForestModel(o, d, data.ArmNames, ForestNodes.Concatenate(lists), rate);
    }

    private static void CheckData(UpliftData data, UpliftRandomForestOptions o)
    {
        if (!data.IsBinaryOutcome)
        {
            throw new ArgumentException("The uplift random forest needs a binary (0/1) outcome; for a continuous outcome use a meta-learner or the causal forest.", nameof(data));
        }

        if (o.Criterion == UpliftSplitCriterion.DeltaDeltaP && data.ArmCount > 1)
        {
            throw new ArgumentException($"The DeltaDeltaP criterion compares one treatment with the control, but the data has {data.ArmCount} treatment arms; use another criterion or fit on the control and one arm.", nameof(data));
        }

        int required = o.MinArmSamplesLeaf * (o.Honest ? 2 : 1);
        for (int a = 0; a <= data.ArmCount; a++)
        {
            if (data.ArmSizes[a] < required)
            {
                throw new ArgumentException(
                    $"Arm {a} ('{data.ArmNames[a]}', {(a == 0 ? "control" : "treatment")}) has {data.ArmSizes[a]} rows but the uplift random forest needs at least {required} "
                    + $"(MinArmSamplesLeaf = {o.MinArmSamplesLeaf}{(o.Honest ? ", twice for the honest halves" : string.Empty)}); lower MinArmSamplesLeaf, add rows or merge arms.",
                    nameof(data));
            }
        }
    }
}
