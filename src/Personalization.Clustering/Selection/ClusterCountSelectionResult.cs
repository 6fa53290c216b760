using System.Globalization;
using System.Text;

namespace Personalization.Clustering;

/// <summary>The table of scores per cluster count and the recommended k with the rule that chose it.</summary>
/// <remarks>Instances are immutable and thread-safe.</remarks>
public sealed class ClusterCountSelectionResult
{
    internal ClusterCountSelectionResult(IReadOnlyList<ClusterCountScore> scores, SelectionRule rule, int recommended, string reason, int? elbow)
    {
        Scores = scores;
        Rule = rule;
        RecommendedClusterCount = recommended;
        Reason = reason;
        ElbowClusterCount = elbow;
    }

    /// <summary>Gets one row per evaluated cluster count, ascending.</summary>
    public IReadOnlyList<ClusterCountScore> Scores { get; }

    /// <summary>Gets the rule that was asked for.</summary>
    public SelectionRule Rule { get; }

    /// <summary>Gets the recommended cluster count.</summary>
    public int RecommendedClusterCount { get; }

    /// <summary>Gets a sentence stating which rule chose <see cref="RecommendedClusterCount"/> and why (including any fallback).</summary>
    public string Reason { get; }

    /// <summary>Gets the knee of the inertia curve by the Kneedle method, or <see langword="null"/> when the curve has no knee.</summary>
    public int? ElbowClusterCount { get; }

    /// <summary>Returns the table as GitHub-flavoured Markdown, with the recommendation below it.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var b = new StringBuilder();
        b.Append("| k | inertia | silhouette | Calinski-Harabasz | Davies-Bouldin | gap | gap s.e. |\n");
        b.Append("|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (ClusterCountScore s in Scores)
        {
            string mark = s.ClusterCount == RecommendedClusterCount ? " **" : " ";
            b.Append(CultureInfo.InvariantCulture, $"|{mark}{s.ClusterCount}{mark.Trim()} | {s.Inertia:G6} | {s.Silhouette:F4} | {s.CalinskiHarabasz:G6} | {s.DaviesBouldin:F4} | {s.Gap:F4} | {s.GapStandardError:F4} |\n");
        }

        b.Append('\n').Append(Reason).Append('\n');
        return b.ToString();
    }
}
