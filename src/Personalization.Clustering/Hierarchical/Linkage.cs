namespace Personalization.Clustering;

/// <summary>How the distance between two clusters is defined in agglomerative clustering.</summary>
public enum Linkage
{
    /// <summary>
    /// Ward's minimum-variance criterion: d(A, B) = sqrt(2 |A| |B| / (|A| + |B|)) ||mean_A - mean_B||,
    /// the increase in within-cluster sum of squares times two, square-rooted (SciPy's <c>ward</c>).
    /// Computed from cluster means with an NN-chain, so it stores no distance matrix.
    /// </summary>
    Ward = 0,

    /// <summary>Complete (farthest-point) linkage: the largest distance between a member of A and a member of B.</summary>
    Complete = 1,

    /// <summary>Average linkage (UPGMA): the mean distance between members of A and members of B.</summary>
    Average = 2,

    /// <summary>Single (nearest-point) linkage: the smallest distance between a member of A and a member of B; built as a minimum spanning tree.</summary>
    Single = 3,
}
