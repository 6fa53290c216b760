namespace Personalization.Clustering;

/// <summary>The scores of one cluster count in a <see cref="ClusterCountSelectionResult"/>.</summary>
/// <param name="ClusterCount">The cluster count k.</param>
/// <param name="Inertia">The within-cluster sum of squares around the cluster means (lower is tighter; always falls with k).</param>
/// <param name="Silhouette">The mean silhouette (higher is better).</param>
/// <param name="CalinskiHarabasz">The Calinski-Harabasz index (higher is better).</param>
/// <param name="DaviesBouldin">The Davies-Bouldin index (lower is better).</param>
/// <param name="Gap">The gap statistic, mean log reference inertia minus log inertia (NaN when not computed).</param>
/// <param name="GapStandardError">The gap's simulation error s(k) = sd(log reference inertia) sqrt(1 + 1/B) (NaN when not computed).</param>
public sealed record ClusterCountScore(int ClusterCount, double Inertia, double Silhouette, double CalinskiHarabasz, double DaviesBouldin, double Gap, double GapStandardError);
