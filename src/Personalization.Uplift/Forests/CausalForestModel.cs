using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Forests.Internal;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift;

/// <summary>
/// A fitted <see cref="CausalForest"/>: honest causal trees whose nodes hold the means of the residualised
/// treatment w̃ and outcome ỹ of their estimation rows, with pointwise variances and the doubly robust average effect.
/// </summary>
/// <remarks>
/// τ̂(x) = (A<sub>w̃ỹ</sub> − A<sub>w̃</sub>A<sub>ỹ</sub>)/(A<sub>w̃w̃</sub> − A<sub>w̃</sub>²) with A the forest mean of the leaf means (see
/// <see cref="CausalForest"/>). Prediction needs no nuisance model: the residuals are summarised in the leaves.
/// Immutable and thread-safe.
/// </remarks>
public sealed class CausalForestModel : IUpliftModel, IPersistableModel<CausalForestModel>
{
    private readonly ForestNodes _nodes;
    private readonly double[] _stats;
    private readonly string[] _armNames;
    private readonly int[] _correction;

    /// <summary>The statistics per node: the count, then <see cref="_leafStats"/> means.</summary>
    private readonly int _statCount;

    /// <summary>The leaf means a tree contributes: w̃, ỹ, w̃ỹ, w̃², then the linear correction moments.</summary>
    private readonly int _leafStats;

    internal CausalForestModel(CausalForestOptions options, int featureCount, IReadOnlyList<string> armNames, ForestNodes nodes, double[] stats, int[] correctionFeatures, double averageEffect, double averageEffectStandardError)
    {
        Options = options;
        FeatureCount = featureCount;
        _armNames = [.. armNames];
        _nodes = nodes;
        _stats = stats;
        _correction = correctionFeatures;
        _statCount = CausalTreeBuilder.StatWidth(correctionFeatures.Length);
        _leafStats = _statCount - 1;
        AverageEffect = averageEffect;
        AverageEffectStandardError = averageEffectStandardError;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "CausalForestModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with; a loaded model has no <see cref="CausalForestOptions.OutcomeLearner"/> or <see cref="CausalForestOptions.PropensityLearner"/> (they are not saved).</summary>
    public CausalForestOptions Options { get; }

    /// <inheritdoc />
    /// <value>Always 1: the forest estimates one binary treatment against the control.</value>
    public int ArmCount => 1;

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <summary>Gets the names of the control and the treatment.</summary>
    public IReadOnlyList<string> ArmNames => _armNames;

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _nodes.TreeCount;

    /// <summary>Gets the features of the local linear correction (column indices, ascending); empty when <see cref="CausalForestOptions.LinearCorrection"/> is off or the lasso kept none.</summary>
    public IReadOnlyList<int> LinearCorrectionFeatures => _correction;

    /// <summary>Gets the total number of nodes over all trees.</summary>
    public int NodeCount => _nodes.NodeCount;

    /// <summary>Gets the doubly robust (AIPW) average treatment effect over the training rows, from out-of-bag effects.</summary>
    public double AverageEffect { get; }

    /// <summary>Gets the standard error of <see cref="AverageEffect"/>, sd(Γ)/√n; a 95% interval is AverageEffect ± 1.96 · AverageEffectStandardError.</summary>
    public double AverageEffectStandardError { get; }

    /// <inheritdoc />
    /// <remarks>effects[r] = τ̂(x<sub>r</sub>).</remarks>
    public void PredictEffects(FeatureMatrix<double> features, Span<double> effects)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, effects.Length);
        var result = new double[features.RowCount];
        PredictCore(features, result, null);
        result.CopyTo(effects);
    }

    /// <summary>Predicts every row's effect and the variance of that estimate (bootstrap of little bags).</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="effects">Receives τ̂(x<sub>r</sub>) for every row.</param>
    /// <param name="variances">Receives the estimated variance of τ̂(x<sub>r</sub>) for every row (positive).</param>
    /// <exception cref="ArgumentException">The column count differs, a destination is too short, or the data is not finite.</exception>
    public void PredictEffectsWithVariance(FeatureMatrix<double> features, Span<double> effects, Span<double> variances)
    {
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, effects.Length);
        CheckDestination(variances.Length, features.RowCount, nameof(variances));
        var e = new double[features.RowCount];
        var v = new double[features.RowCount];
        PredictCore(features, e, v);
        e.CopyTo(effects);
        v.CopyTo(variances);
    }

    /// <summary>Predicts a normal-approximation confidence interval τ̂(x) ± z·√V̂(x) for every row's effect.</summary>
    /// <param name="features">Rows with <see cref="FeatureCount"/> columns.</param>
    /// <param name="confidenceLevel">The coverage, for example 0.95.</param>
    /// <param name="lower">Receives the lower bound of every row.</param>
    /// <param name="upper">Receives the upper bound of every row.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="confidenceLevel"/> is not strictly between 0 and 1.</exception>
    /// <exception cref="ArgumentException">The column count differs, a destination is too short, or the data is not finite.</exception>
    public void PredictIntervals(FeatureMatrix<double> features, double confidenceLevel, Span<double> lower, Span<double> upper)
    {
        Validation.Guard.OpenUnitInterval(confidenceLevel, nameof(confidenceLevel));
        ArgumentNullException.ThrowIfNull(features);
        CheckDestination(lower.Length, features.RowCount, nameof(lower));
        CheckDestination(upper.Length, features.RowCount, nameof(upper));
        MetaLearnerSupport.CheckPredict(features, FeatureCount, 1, lower.Length);
        var e = new double[features.RowCount];
        var v = new double[features.RowCount];
        PredictCore(features, e, v);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + (confidenceLevel / 2));
        for (int r = 0; r < e.Length; r++)
        {
            double half = z * Math.Sqrt(v[r]);
            lower[r] = e[r] - half;
            upper[r] = e[r] + half;
        }
    }

    private static void CheckDestination(int length, int rows, string name)
    {
        if (length < rows)
        {
            throw new ArgumentException($"{name} has length {length} but there are {rows} rows; pass one entry per row.", name);
        }
    }

    internal CausalForestModel WithAverageEffect(double effect, double standardError) =>
        new(Options, FeatureCount, _armNames, _nodes, _stats, _correction, effect, standardError);

    /// <summary>Rows per block of the tree-major traversal: one tree's nodes stay in cache while it routes the block.</summary>
    private const int RowBlock = 64;

    private void PredictCore(FeatureMatrix<double> features, double[] effects, double[]? variances) =>
        ForEachBlock(features, null, (r, leaves, scratch) =>
        {
            for (int t = 0; t < TreeCount; t++)
            {
                CopyStats(leaves[t], scratch.AsSpan(t * _leafStats, _leafStats));
            }

            (effects[r], double variance) = Estimate(scratch, TreeCount, variances is not null, features.AsSpan().Slice(r * FeatureCount, FeatureCount));
            if (variances is not null)
            {
                variances[r] = variance;
            }
        });

    /// <summary>
    /// The effect at every training row from the trees whose sample did not hold it (all trees for a row that every
    /// tree sampled); <paramref name="inSample"/> holds one bit per row for each tree.
    /// </summary>
    internal double[] OutOfBagEffects(FeatureMatrix<double> features, ulong[][] inSample, ParallelOptions parallel)
    {
        var effects = new double[features.RowCount];
        ForEachBlock(features, parallel, (r, leaves, scratch) =>
        {
            int used = 0;
            for (int t = 0; t < TreeCount; t++)
            {
                if ((inSample[t][r >> 6] & (1UL << (r & 63))) == 0)
                {
                    CopyStats(leaves[t], scratch.AsSpan(used++ * _leafStats, _leafStats));
                }
            }

            if (used == 0)
            {
                for (int t = 0; t < TreeCount; t++)
                {
                    CopyStats(leaves[t], scratch.AsSpan(t * _leafStats, _leafStats));
                }

                used = TreeCount;
            }

            effects[r] = Estimate(scratch, used, false, features.AsSpan().Slice(r * FeatureCount, FeatureCount)).Effect;
        });
        return effects;
    }

    private delegate void RowVisitor(int row, ReadOnlySpan<int> leaves, double[] scratch);

    /// <summary>
    /// Routes the rows through every tree in blocks of <see cref="RowBlock"/> rows, tree by tree, then calls
    /// <paramref name="visit"/> for each row with its node in every tree (tree order) and a scratch of TreeCount · leaf statistics.
    /// </summary>
    private void ForEachBlock(FeatureMatrix<double> features, ParallelOptions? parallel, RowVisitor visit)
    {
        int n = features.RowCount, d = FeatureCount, trees = TreeCount;
        ReadOnlyMemory<double> values = features.AsMemory();
        parallel ??= new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism == 0 ? -1 : Options.MaxDegreeOfParallelism };
        Parallel.For(0, (n + RowBlock - 1) / RowBlock, parallel, () => (new int[RowBlock * trees], new double[trees * _leafStats]), (block, _, buffers) =>
        {
            (int[] leaves, double[] scratch) = buffers;
            ReadOnlySpan<double> v = values.Span;
            int start = block * RowBlock, count = Math.Min(RowBlock, n - start);
            for (int t = 0; t < trees; t++)
            {
                for (int i = 0; i < count; i++)
                {
                    leaves[(i * trees) + t] = Node(t, v.Slice((start + i) * d, d));
                }
            }

            for (int i = 0; i < count; i++)
            {
                visit(start + i, leaves.AsSpan(i * trees, trees), scratch);
            }

            return buffers;
        }, _ => { });
    }

    /// <summary>The node of tree <paramref name="tree"/> whose means <paramref name="row"/> uses: the deepest node on its path with estimation rows.</summary>
    private int Node(int tree, ReadOnlySpan<double> row)
    {
        int[] feature = _nodes.Feature;
        double[] threshold = _nodes.Threshold;
        int node = _nodes.Roots[tree];
        while (feature[node] >= 0)
        {
            int child = row[feature[node]] <= threshold[node] ? _nodes.Left[node] : _nodes.Right[node];
            if (_stats[child * _statCount] <= 0)
            {
                break;
            }

            node = child;
        }

        return node;
    }

    private void CopyStats(int node, Span<double> destination) => _stats.AsSpan((node * _statCount) + 1, _leafStats).CopyTo(destination);

    /// <summary>τ̂ from the first <paramref name="trees"/> leaf-mean blocks of <paramref name="leaf"/> and, when asked, its little-bag variance.</summary>
    private (double Effect, double Variance) Estimate(double[] leaf, int trees, bool variance, ReadOnlySpan<double> row)
    {
        if (_correction.Length > 0)
        {
            return EstimateCorrected(leaf, trees, variance, row);
        }

        const int LeafStats = 4;
        double aw = 0, ay = 0, awy = 0, aww = 0;
        for (int t = 0; t < trees; t++)
        {
            int c = t * LeafStats;
            aw += leaf[c];
            ay += leaf[c + 1];
            awy += leaf[c + 2];
            aww += leaf[c + 3];
        }

        aw /= trees;
        ay /= trees;
        awy /= trees;
        aww /= trees;
        double jacobian = Math.Max(aww - (aw * aw), 1e-12);
        double tau = (awy - (aw * ay)) / jacobian;
        if (!variance)
        {
            return (tau, double.NaN);
        }

        int size = Options.ConfidenceGroupSize, groups = trees / size;
        double between = 0, total = 0;
        for (int g = 0; g < groups; g++)
        {
            double groupSum = 0;
            for (int j = 0; j < size; j++)
            {
                int c = ((g * size) + j) * LeafStats;
                double mw = leaf[c], my = leaf[c + 1], mwy = leaf[c + 2], mww = leaf[c + 3];
                double psi = ((mwy - (aw * my) - (ay * mw) + (aw * ay)) - (tau * (mww - (2 * aw * mw) + (aw * aw)))) / jacobian;
                total += psi * psi;
                groupSum += psi;
            }

            double groupMean = groupSum / size;
            between += groupMean * groupMean;
        }

        between /= groups;
        total /= groups * size;
        double noise = (total - between) / (size - 1);
        return (tau, Debias(between, noise, groups));
    }

    /// <summary>
    /// The locally linear estimate at <paramref name="row"/>: with u = (1, w̃, w̃·(x<sub>S</sub> − x<sub>S</sub>(row))), M the forest mean of
    /// the trees' leaf means of uuᵀ, g that of uỹ and Λ = λ·diag(0, 0, M<sub>jj</sub>), β = (M + Λ)⁻¹g and τ̂ = β₁. The variance
    /// is the little-bag bootstrap of ψ<sub>b</sub> = [(M + Λ)⁻¹((g<sub>b</sub> − M<sub>b</sub>β) − (g − Mβ))]₁, the linearisation of τ̂ in tree b's
    /// moments (with no correction features this is the ψ of <see cref="Estimate"/>).
    /// </summary>
    private (double Effect, double Variance) EstimateCorrected(double[] leaf, int trees, bool variance, ReadOnlySpan<double> row)
    {
        int s = _correction.Length, q = 2 + s, width = _leafStats;
        Span<double> x0 = stackalloc double[s];
        for (int j = 0; j < s; j++)
        {
            x0[j] = row[_correction[j]];
        }

        var mean = new double[width];
        for (int t = 0; t < trees; t++)
        {
            ReadOnlySpan<double> l = leaf.AsSpan(t * width, width);
            for (int k = 0; k < width; k++)
            {
                mean[k] += l[k];
            }
        }

        for (int k = 0; k < width; k++)
        {
            mean[k] /= trees;
        }

        var m = new double[q * q];
        var g = new double[q];
        Moments(mean, x0, m, g);
        var jacobian = new double[q * q];
        m.CopyTo(jacobian, 0);
        for (int k = 2; k < q; k++)
        {
            jacobian[(k * q) + k] += Options.LinearCorrectionPenalty * m[(k * q) + k];
        }

        double[] beta = SolveSmall(jacobian, g, q);
        double tau = beta[1];
        if (!variance)
        {
            return (tau, double.NaN);
        }

        var unit = new double[q];
        unit[1] = 1;
        double[] a = SolveSmall(jacobian, unit, q);
        double center = Score(m, g, beta, a, q);
        int size = Options.ConfidenceGroupSize, groups = trees / size;
        var mb = new double[q * q];
        var gb = new double[q];
        double between = 0, total = 0;
        for (int grp = 0; grp < groups; grp++)
        {
            double groupSum = 0;
            for (int i = 0; i < size; i++)
            {
                Moments(leaf.AsSpan(((grp * size) + i) * width, width), x0, mb, gb);
                double psi = Score(mb, gb, beta, a, q) - center;
                total += psi * psi;
                groupSum += psi;
            }

            double groupMean = groupSum / size;
            between += groupMean * groupMean;
        }

        between /= groups;
        total /= groups * size;
        double noise = (total - between) / (size - 1);
        return (tau, Debias(between, noise, groups));
    }

    /// <summary>aᵀ(g − Mβ).</summary>
    private static double Score(double[] m, double[] g, double[] beta, double[] a, int q)
    {
        double score = 0;
        for (int r = 0; r < q; r++)
        {
            double h = g[r];
            for (int c = 0; c < q; c++)
            {
                h -= m[(r * q) + c] * beta[c];
            }

            score += a[r] * h;
        }

        return score;
    }

    /// <summary>The moments M (uuᵀ) and g (uỹ) at x0 from one block of leaf means (w̃, ỹ, w̃ỹ, w̃², then w̃x, w̃²x, w̃ỹx per feature, then w̃²x<sub>j</sub>x<sub>k</sub>, j ≤ k).</summary>
    private void Moments(ReadOnlySpan<double> l, ReadOnlySpan<double> x0, double[] m, double[] g)
    {
        int s = _correction.Length, q = 2 + s;
        double w = l[0], y = l[1], wy = l[2], ww = l[3];
        m[0] = 1;
        m[1] = w;
        m[q] = w;
        m[q + 1] = ww;
        g[0] = y;
        g[1] = wy;
        int quad = 4 + (3 * s);
        for (int j = 0; j < s; j++)
        {
            double wx = l[4 + (3 * j)], wwx = l[5 + (3 * j)], wyx = l[6 + (3 * j)];
            double m0 = wx - (x0[j] * w), m1 = wwx - (x0[j] * ww);
            m[2 + j] = m0;
            m[((2 + j) * q) + 0] = m0;
            m[q + 2 + j] = m1;
            m[((2 + j) * q) + 1] = m1;
            g[2 + j] = wyx - (x0[j] * wy);
        }

        int k = quad;
        for (int j = 0; j < s; j++)
        {
            for (int i = j; i < s; i++)
            {
                double wwxx = l[k++];
                double wwxj = l[5 + (3 * j)], wwxi = l[5 + (3 * i)];
                double v = wwxx - (x0[j] * wwxi) - (x0[i] * wwxj) + (x0[j] * x0[i] * ww);
                m[((2 + j) * q) + 2 + i] = v;
                m[((2 + i) * q) + 2 + j] = v;
            }
        }
    }

    /// <summary>Solves the small system A x = b by Gaussian elimination with partial pivoting (a tiny ridge when A is singular).</summary>
    private static double[] SolveSmall(double[] matrix, double[] rhs, int q)
    {
        var a = (double[])matrix.Clone();
        var b = (double[])rhs.Clone();
        double trace = 0;
        for (int i = 0; i < q; i++)
        {
            trace += Math.Abs(a[(i * q) + i]);
        }

        double tiny = Math.Max(trace, 1e-300) * 1e-12;
        for (int c = 0; c < q; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < q; r++)
            {
                if (Math.Abs(a[(r * q) + c]) > Math.Abs(a[(pivot * q) + c]))
                {
                    pivot = r;
                }
            }

            if (pivot != c)
            {
                for (int k = 0; k < q; k++)
                {
                    (a[(c * q) + k], a[(pivot * q) + k]) = (a[(pivot * q) + k], a[(c * q) + k]);
                }

                (b[c], b[pivot]) = (b[pivot], b[c]);
            }

            if (Math.Abs(a[(c * q) + c]) < tiny)
            {
                a[(c * q) + c] = tiny;
            }

            for (int r = c + 1; r < q; r++)
            {
                double f = a[(r * q) + c] / a[(c * q) + c];
                if (f == 0)
                {
                    continue;
                }

                for (int k = c; k < q; k++)
                {
                    a[(r * q) + k] -= f * a[(c * q) + k];
                }

                b[r] -= f * b[c];
            }
        }

        var x = new double[q];
        for (int r = q - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int k = r + 1; k < q; k++)
            {
                sum -= a[(r * q) + k] * x[k];
            }

            x[r] = sum / a[(r * q) + r];
        }

        return x;
    }

    /// <summary>
    /// grf's objective-Bayes correction of V<sub>between</sub> − noise: with s = max(V<sub>between</sub>, noise)·√(2/G) and
    /// r = (V<sub>between</sub> − noise)/s, the estimate plus s·φ(r)/Φ(r), the mean of a normal truncated to [0, ∞).
    /// </summary>
    internal static double Debias(double between, double noise, int groups)
    {
        double initial = between - noise;
        double se = Math.Max(between, noise) * Math.Sqrt(2.0 / groups);
        if (!(se > 0))
        {
            return Math.Max(initial, 0);
        }

        double ratio = initial / se;
        if (ratio < -35)
        {
            // φ(r)/Φ(r) ≈ −r − 1/r far in the left tail, so initial + s·φ/Φ ≈ s/(−r).
            return se / -ratio;
        }

        double density = Math.Exp(-ratio * ratio / 2) / Math.Sqrt(2 * Math.PI);
        double cdf = MathNet.Numerics.Distributions.Normal.CDF(0, 1, ratio);
        return initial + (se * density / cdf);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed or inconsistent.</exception>
    public static CausalForestModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new CausalForestOptions
        {
            TreeCount = ModelJson.GetInt32(payload, "treeCount"),
            ConfidenceGroupSize = ModelJson.GetInt32(payload, "confidenceGroupSize"),
            SampleFraction = ModelJson.GetDouble(payload, "sampleFraction"),
            Honest = ModelJson.GetBoolean(payload, "honest"),
            HonestyFraction = ModelJson.GetDouble(payload, "honestyFraction"),
            MinNodeSize = ModelJson.GetInt32(payload, "minNodeSize"),
            ImbalanceAlpha = ModelJson.GetDouble(payload, "imbalanceAlpha"),
            FeaturesPerSplit = ModelJson.GetInt32(payload, "featuresPerSplit"),
            MaxDepth = ModelJson.GetInt32(payload, "maxDepth"),
            MaxBins = ModelJson.GetInt32(payload, "maxBins"),
            Propensity = (PropensityMode)ModelJson.GetInt32(payload, "propensity"),
            KnownPropensity = payload.TryGetProperty("knownPropensity", out _) ? ModelJson.GetDouble(payload, "knownPropensity") : null,
            PropensityClip = ModelJson.GetDouble(payload, "propensityClip"),
            FoldCount = ModelJson.GetInt32(payload, "foldCount"),
            Seed = ModelJson.GetInt32(payload, "seed"),
            MaxDegreeOfParallelism = ModelJson.GetInt32(payload, "maxDegreeOfParallelism"),
            LinearCorrection = payload.TryGetProperty("linearCorrection", out _) && ModelJson.GetBoolean(payload, "linearCorrection"),
            MaxLinearCorrectionFeatures = payload.TryGetProperty("maxLinearCorrectionFeatures", out _) ? ModelJson.GetInt32(payload, "maxLinearCorrectionFeatures") : 4,
            LinearCorrectionPenalty = payload.TryGetProperty("linearCorrectionPenalty", out _) ? ModelJson.GetDouble(payload, "linearCorrectionPenalty") : 0.1,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidDataException($"The saved causal forest has invalid options: {ex.Message}", ex);
        }

        int featureCount = ModelJson.GetInt32(payload, "featureCount");
        string[] names = ModelJson.GetStringArray(payload, "armNames");
        if (featureCount < 1 || names.Length != 2)
        {
            throw new InvalidDataException("The saved causal forest needs at least one feature and exactly two arm names (control and treatment).");
        }

        ForestNodes nodes = ForestNodes.Read(payload, featureCount, "causal forest");
        if (nodes.TreeCount != options.TreeCount)
        {
            throw new InvalidDataException($"The saved causal forest has {nodes.TreeCount} trees but its field \"treeCount\" says {options.TreeCount}.");
        }

        int[] correction = payload.TryGetProperty("linearCorrectionFeatures", out _) ? ModelJson.GetInt32Array(payload, "linearCorrectionFeatures") : [];
        if ((correction.Length > 0 && !options.LinearCorrection) || correction.Length > options.MaxLinearCorrectionFeatures)
        {
            throw new InvalidDataException($"The saved causal forest has {correction.Length} linear correction features but linearCorrection is {options.LinearCorrection} and maxLinearCorrectionFeatures is {options.MaxLinearCorrectionFeatures}.");
        }

        for (int j = 0; j < correction.Length; j++)
        {
            if (correction[j] < 0 || correction[j] >= featureCount || (j > 0 && correction[j] <= correction[j - 1]))
            {
                throw new InvalidDataException($"The saved causal forest's linearCorrectionFeatures must be ascending distinct feature indices below {featureCount}; entry {j} is {correction[j]}.");
            }
        }

        int statCount = CausalTreeBuilder.StatWidth(correction.Length);
        double[] stats = ModelJson.GetFiniteDoubleArray(payload, "stats");
        ModelJson.CheckCount("stats", stats.Length, $"nodes x {statCount}", nodes.NodeCount * statCount);
        for (int i = 0; i < nodes.NodeCount; i++)
        {
            double count = stats[i * statCount], mww = stats[(i * statCount) + 4];
            if (count < 0 || count != Math.Floor(count) || mww < 0)
            {
                throw new InvalidDataException($"The saved causal forest has invalid statistics at node {i}.");
            }
        }

        foreach (int root in nodes.Roots)
        {
            if (stats[root * statCount] <= 0)
            {
                throw new InvalidDataException($"The saved causal forest has a tree root {root} without estimation rows.");
            }
        }

        double ate = ModelJson.GetFiniteDouble(payload, "averageEffect");
        double se = ModelJson.GetFiniteDouble(payload, "averageEffectStandardError");
        if (se < 0)
        {
            throw new InvalidDataException($"The saved causal forest has a negative averageEffectStandardError {se}.");
        }

        return new CausalForestModel(options, featureCount, names, nodes, stats, correction, ate, se);
    }

    /// <summary>Writes the model's payload (the options without the nuisance learners, the trees and their node statistics).</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CausalForestOptions o = Options;
        writer.WriteStartObject();
        writer.WriteNumber("treeCount", o.TreeCount);
        writer.WriteNumber("confidenceGroupSize", o.ConfidenceGroupSize);
        ModelJson.WriteDouble(writer, "sampleFraction", o.SampleFraction);
        writer.WriteBoolean("honest", o.Honest);
        ModelJson.WriteDouble(writer, "honestyFraction", o.HonestyFraction);
        writer.WriteNumber("minNodeSize", o.MinNodeSize);
        ModelJson.WriteDouble(writer, "imbalanceAlpha", o.ImbalanceAlpha);
        writer.WriteNumber("featuresPerSplit", o.FeaturesPerSplit);
        writer.WriteNumber("maxDepth", o.MaxDepth);
        writer.WriteNumber("maxBins", o.MaxBins);
        writer.WriteNumber("propensity", (int)o.Propensity);
        if (o.KnownPropensity is double known)
        {
            ModelJson.WriteDouble(writer, "knownPropensity", known);
        }

        ModelJson.WriteDouble(writer, "propensityClip", o.PropensityClip);
        writer.WriteNumber("foldCount", o.FoldCount);
        writer.WriteNumber("seed", o.Seed);
        writer.WriteNumber("maxDegreeOfParallelism", o.MaxDegreeOfParallelism);
        writer.WriteBoolean("linearCorrection", o.LinearCorrection);
        writer.WriteNumber("maxLinearCorrectionFeatures", o.MaxLinearCorrectionFeatures);
        ModelJson.WriteDouble(writer, "linearCorrectionPenalty", o.LinearCorrectionPenalty);
        ModelJson.WriteArray(writer, "linearCorrectionFeatures", _correction);
        writer.WriteNumber("featureCount", FeatureCount);
        ModelJson.WriteArray(writer, "armNames", _armNames);
        ModelJson.WriteDouble(writer, "averageEffect", AverageEffect);
        ModelJson.WriteDouble(writer, "averageEffectStandardError", AverageEffectStandardError);
        _nodes.Write(writer);
        ModelJson.WriteArray<double>(writer, "stats", _stats);
        writer.WriteEndObject();
    }
}
