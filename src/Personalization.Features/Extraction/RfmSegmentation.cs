namespace Personalization.Features;

/// <summary>Maps RFM recency and frequency scores (1-5) to the classic segment names.</summary>
/// <remarks>
/// The map, by recency score R and frequency score F: R 1-2 and F 1-2 Hibernating; R 1-2, F 3-4 At Risk;
/// R 1-2, F 5 Can't Lose Them; R 3, F 1-2 About To Sleep; R 3, F 3 Need Attention; R 3-4, F 4-5 Loyal
/// Customers; R 4, F 1 Promising; R 5, F 1 New Customers; R 4-5, F 2-3 Potential Loyalists; R 5, F 4-5 Champions.
/// Every one of the 25 combinations has exactly one segment. All members are thread-safe.
/// </remarks>
public static class RfmSegmentation
{
    /// <summary>Returns the segment of a customer with recency score <paramref name="recencyScore"/> and frequency score <paramref name="frequencyScore"/>.</summary>
    /// <param name="recencyScore">The recency score, 1 to 5 (5 = most recent).</param>
    /// <param name="frequencyScore">The frequency score, 1 to 5 (5 = most frequent).</param>
    /// <returns>The segment.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside 1 to 5.</exception>
    public static RfmSegment Classify(int recencyScore, int frequencyScore)
    {
        Validation.Guard.InRange(recencyScore, 1, 5);
        Validation.Guard.InRange(frequencyScore, 1, 5);
        return (recencyScore, frequencyScore) switch
        {
            ( <= 2, <= 2) => RfmSegment.Hibernating,
            ( <= 2, <= 4) => RfmSegment.AtRisk,
            ( <= 2, _) => RfmSegment.CannotLoseThem,
            (3, <= 2) => RfmSegment.AboutToSleep,
            (3, 3) => RfmSegment.NeedAttention,
            (_, >= 4) when recencyScore <= 4 => RfmSegment.LoyalCustomers,
            (4, 1) => RfmSegment.Promising,
            (5, 1) => RfmSegment.NewCustomers,
            (_, <= 3) => RfmSegment.PotentialLoyalists,
            _ => RfmSegment.Champions,
        };
    }

    /// <summary>Returns the segment of every row of a feature matrix with <c>rfm_r</c> and <c>rfm_f</c> columns.</summary>
    /// <param name="features">The output of <see cref="CustomerFeatureExtractor.Extract"/>.</param>
    /// <returns>One segment per row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException">The matrix lacks the score columns, or a score is not an integer from 1 to 5.</exception>
    public static RfmSegment[] Classify(FeatureMatrix<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int r = features.ColumnIndex(CustomerFeatureNames.RecencyScore);
        int f = features.ColumnIndex(CustomerFeatureNames.FrequencyScore);
        var result = new RfmSegment[features.RowCount];
        for (int i = 0; i < result.Length; i++)
        {
            double rs = features[i, r];
            double fs = features[i, f];
            if (rs is not (1 or 2 or 3 or 4 or 5) || fs is not (1 or 2 or 3 or 4 or 5))
            {
                throw new ArgumentException($"Row {i} has RFM scores ({rs}, {fs}); scores must be integers from 1 to 5, as the extractor writes them.", nameof(features));
            }

            result[i] = Classify((int)rs, (int)fs);
        }

        return result;
    }

    /// <summary>Returns the display name of a segment, such as <c>Can't Lose Them</c>.</summary>
    /// <param name="segment">The segment.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="segment"/> is not a defined segment.</exception>
    public static string DisplayName(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "Champions",
        RfmSegment.LoyalCustomers => "Loyal Customers",
        RfmSegment.PotentialLoyalists => "Potential Loyalists",
        RfmSegment.NewCustomers => "New Customers",
        RfmSegment.Promising => "Promising",
        RfmSegment.NeedAttention => "Need Attention",
        RfmSegment.AboutToSleep => "About To Sleep",
        RfmSegment.AtRisk => "At Risk",
        RfmSegment.CannotLoseThem => "Can't Lose Them",
        RfmSegment.Hibernating => "Hibernating",
        _ => throw new ArgumentOutOfRangeException(nameof(segment), segment, "Not a defined RFM segment."),
    };
}
