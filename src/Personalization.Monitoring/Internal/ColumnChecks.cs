namespace Personalization.Monitoring.Internal;

/// <summary>Checks that two windows (reference and current, or a fitted binning and new data) carry the same feature columns.</summary>
internal static class ColumnChecks
{
    /// <summary>Throws unless <paramref name="actual"/> names the same columns as <paramref name="expected"/>, in the same order.</summary>
    /// <exception cref="ArgumentException">The counts or a name differ; the message names the column.</exception>
    public static void SameColumns(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string expectedName, string actualName)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"{actualName} has {actual.Count} columns but {expectedName} has {expected.Count}; both windows need the same features in the same order.", actualName);
        }

        for (int c = 0; c < expected.Count; c++)
        {
            if (!string.Equals(expected[c], actual[c], StringComparison.Ordinal))
            {
                throw new ArgumentException($"{actualName} column {c} is '{actual[c]}' but {expectedName} column {c} is '{expected[c]}'; both windows need the same features in the same order.", actualName);
            }
        }
    }
}
