using Personalization.Monitoring.Internal;

namespace Personalization.Monitoring;

/// <summary>Matches re-fitted centroids to previous ones so segment ids stay stable across refreshes.</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
public static class CentroidMatching
{
    /// <summary>Matches the rows of <paramref name="current"/> to the rows of <paramref name="previous"/> with least total movement.</summary>
    /// <param name="previous">The previous centroids, one row per segment (scaled units).</param>
    /// <param name="current">The re-fitted centroids, with the same columns.</param>
    /// <returns>The matching both ways and how far each previous centroid moved.</returns>
    /// <remarks>
    /// Cost of pairing previous i with current j: the Euclidean distance ||p_i - c_j||_2. The matching
    /// minimising the sum of costs is found by the Hungarian algorithm (Kuhn-Munkres with potentials) in O(k^3). The
    /// result does not depend on the order (labels) of the current centroids, up to exact ties.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A matrix is empty or not finite, or the column counts differ.</exception>
    public static CentroidMatch Match(FeatureMatrix<double> previous, FeatureMatrix<double> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        previous.ThrowIfEmptyOrNotFinite(nameof(previous));
        current.ThrowIfEmptyOrNotFinite(nameof(current));
        if (previous.ColumnCount != current.ColumnCount)
        {
            throw new ArgumentException($"current has {current.ColumnCount} columns but previous has {previous.ColumnCount}; centroids must live in the same feature space.", nameof(current));
        }

        int kPrev = previous.RowCount;
        int kCur = current.RowCount;
        var costs = new double[kPrev * kCur];
        for (int i = 0; i < kPrev; i++)
        {
            for (int j = 0; j < kCur; j++)
            {
                costs[(i * kCur) + j] = Distance(previous.Row(i), current.Row(j));
            }
        }

        var currentOfPrevious = new int[kPrev];
        LinearAssignment.Minimize(costs, kPrev, kCur, currentOfPrevious);
        double total = 0.0;
        var previousOfCurrent = new int[kCur];
        Array.Fill(previousOfCurrent, -1);
        var movement = new double[kPrev];
        for (int i = 0; i < kPrev; i++)
        {
            int j = currentOfPrevious[i];
            if (j >= 0)
            {
                previousOfCurrent[j] = i;
                movement[i] = costs[(i * kCur) + j];
                total += movement[i]; // summed in previous-segment order, so relabelling the current centroids cannot change it
            }
            else
            {
                movement[i] = double.NaN;
            }
        }

        return new CentroidMatch
        {
            PreviousOfCurrent = previousOfCurrent,
            CurrentOfPrevious = currentOfPrevious,
            Movement = movement,
            TotalMovement = total,
        };
    }

    internal static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        System.Numerics.Tensors.TensorPrimitives.Distance(a, b);
}
