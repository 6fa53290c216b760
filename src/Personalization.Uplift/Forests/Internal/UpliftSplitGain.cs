namespace Personalization.Uplift.Forests.Internal;

/// <summary>
/// The split criteria of Rzepakowski &amp; Jaroszewicz (2012) with the conventions of causalml's
/// UpliftTreeClassifier: regularised node response rates, the divergences, the gain of a split and
/// its normalisation factor. Index 0 of every per-arm span is the control. Pure functions.
/// </summary>
internal static class UpliftSplitGain
{
    /// <summary>The weight of the treatment-vs-control term in the normalisation (causalml's alpha).</summary>
    public const double NormalizationAlpha = 0.9;

    /// <summary>The clip of a response rate inside a KL divergence and the floor of a chi-squared denominator.</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// The response rate of each arm in a child: (s + p<sub>parent</sub>·λ)/(n + λ) when the child holds more than
    /// <paramref name="minArm"/> rows of the arm, otherwise the parent's rate; at the root (empty parent) s/n, 0 when n = 0.
    /// </summary>
    public static void Summary(ReadOnlySpan<double> n, ReadOnlySpan<double> s, ReadOnlySpan<double> parent, int minArm, double lambda, Span<double> p)
    {
        for (int k = 0; k < n.Length; k++)
        {
            if (parent.IsEmpty)
            {
                p[k] = n[k] > 0 ? s[k] / n[k] : 0;
            }
            else if (n[k] > minArm)
            {
                p[k] = (s[k] + (parent[k] * lambda)) / (n[k] + lambda);
            }
            else
            {
                p[k] = parent[k];
            }
        }
    }

    /// <summary>The divergence of a node's treatment rates from its control rate, summed over treatment arms.</summary>
    public static double Divergence(UpliftSplitCriterion criterion, ReadOnlySpan<double> p)
    {
        double pc = p[0], d = 0;
        for (int k = 1; k < p.Length; k++)
        {
            double diff = p[k] - pc;
            d += criterion switch
            {
                UpliftSplitCriterion.KullbackLeibler => KullbackLeibler(p[k], pc),
                UpliftSplitCriterion.Euclidean => 2 * diff * diff,
                UpliftSplitCriterion.ChiSquared => (diff * diff / Math.Max(Epsilon, pc)) + (diff * diff / Math.Max(Epsilon, 1 - pc)),
                _ => diff,
            };
        }

        return d;
    }

    /// <summary>KL(p : q) of two Bernoulli distributions, q clipped to [ε, 1 − ε]; 0 when q = 0 (causalml's convention).</summary>
    public static double KullbackLeibler(double p, double q)
    {
        if (q == 0)
        {
            return 0;
        }

        q = Math.Clamp(q, Epsilon, 1 - Epsilon);
        if (p == 0)
        {
            return -Math.Log(1 - q);
        }

        if (p == 1)
        {
            return -Math.Log(q);
        }

        return (p * Math.Log(p / q)) + ((1 - p) * Math.Log((1 - p) / (1 - q)));
    }

    /// <summary>
    /// The normalisation factor I(A) of Rzepakowski &amp; Jaroszewicz as causalml computes it, with u the "upper"
    /// child (x above the threshold), N<sub>T</sub> = Σ<sub>t</sub> n<sub>t</sub>, N = N<sub>T</sub> + n<sub>c</sub>,
    /// q<sub>T</sub> = Σ<sub>t</sub> n<sub>t,u</sub>/(N<sub>T</sub> + 0.1), q<sub>t</sub> = n<sub>t,u</sub>/(n<sub>t</sub> + 0.1), q<sub>c</sub> = n<sub>c,u</sub>/(n<sub>c</sub> + 0.1):
    /// α·H(N<sub>T</sub>/N, n<sub>c</sub>/N)·KL(q<sub>T</sub> : q<sub>c</sub>) + Σ<sub>t</sub> [(1 − α)·H(n<sub>t</sub>/(n<sub>t</sub> + n<sub>c</sub>), n<sub>c</sub>/(n<sub>t</sub> + n<sub>c</sub>))·KL(q<sub>t</sub> : q<sub>c</sub>) + (n<sub>t</sub>/N)·H(q<sub>t</sub>)]
    /// + (n<sub>c</sub>/N)·H(q<sub>c</sub>) + ½, where H(p) = −p log p and H(p, q) = −p log q (causalml's entropyH).
    /// </summary>
    public static double Normalization(double nc, double ncUpper, ReadOnlySpan<double> nt, ReadOnlySpan<double> ntUpper)
    {
        double ntSum = 0, ntUpperSum = 0;
        for (int t = 0; t < nt.Length; t++)
        {
            ntSum += nt[t];
            ntUpperSum += ntUpper[t];
        }

        double total = ntSum + nc;
        double qT = ntUpperSum / (ntSum + 0.1);
        double qC = ncUpper / (nc + 0.1);
        double norm = NormalizationAlpha * Cross(ntSum / total, nc / total) * KullbackLeibler(qT, qC);
        for (int t = 0; t < nt.Length; t++)
        {
            double qt = ntUpper[t] / (nt[t] + 0.1);
            norm += (1 - NormalizationAlpha) * Cross(nt[t] / (nt[t] + nc), nc / (nt[t] + nc)) * KullbackLeibler(qt, qC);
            norm += nt[t] / total * Entropy(qt);
        }

        norm += nc / total * Entropy(qC);
        return norm + 0.5;
    }

    /// <summary>
    /// The gain of splitting a node (rates <paramref name="nodeRate"/>, counts <paramref name="nodeCount"/>) into a lower
    /// and an upper child: for DDP |D(upper) − D(lower)|; otherwise f·D(upper) + (1 − f)·D(lower) − D(node) with
    /// f = N<sub>upper</sub>/N, divided by <see cref="Normalization"/> when <paramref name="normalize"/>. The children's
    /// rates come from <see cref="Summary"/>; <paramref name="scratch"/> needs two entries per arm.
    /// </summary>
    public static double Gain(UpliftSplitCriterion criterion, bool normalize, int minArm, double lambda,
        ReadOnlySpan<double> nodeRate, ReadOnlySpan<double> nodeCount,
        ReadOnlySpan<double> upperCount, ReadOnlySpan<double> upperPositive,
        ReadOnlySpan<double> lowerCount, ReadOnlySpan<double> lowerPositive, Span<double> scratch)
    {
        int arms = nodeRate.Length;
        Span<double> pu = scratch[..arms];
        Span<double> pl = scratch.Slice(arms, arms);
        Summary(upperCount, upperPositive, nodeRate, minArm, lambda, pu);
        Summary(lowerCount, lowerPositive, nodeRate, minArm, lambda, pl);
        double du = Divergence(criterion, pu), dl = Divergence(criterion, pl);
        if (criterion == UpliftSplitCriterion.DeltaDeltaP)
        {
            return Math.Abs(du - dl);
        }

        double nUpper = 0, n = 0;
        for (int k = 0; k < arms; k++)
        {
            nUpper += upperCount[k];
            n += nodeCount[k];
        }

        double f = nUpper / n;
        double gain = (f * du) + ((1 - f) * dl) - Divergence(criterion, nodeRate);
        return normalize ? gain / Normalization(nodeCount[0], upperCount[0], nodeCount[1..], upperCount[1..]) : gain;
    }

    private static double Entropy(double p) => p > 0 ? -p * Math.Log(p) : 0;

    private static double Cross(double p, double q) => q > 0 ? -p * Math.Log(q) : 0;
}
