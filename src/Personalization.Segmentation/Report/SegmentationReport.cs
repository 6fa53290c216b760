using System.Globalization;
using Personalization.Monitoring;
using Personalization.Segmentation.Report.Internal;

namespace Personalization.Segmentation;

/// <summary>
/// A self-contained HTML report of a <see cref="SegmentationModel"/>: one file with inline CSS and SVG, no script,
/// that any browser opens offline.
/// </summary>
/// <remarks>
/// <para>Usage: <c>SegmentationReport.Write(writer, model, features)</c>, or <c>File.WriteAllText("report.html", SegmentationReport.ToHtml(model, features))</c>.</para>
/// <para>The page has, in order: an audience summary (segment sizes in training and among <c>features</c>, persona, traits and
/// playbook offer); the choose-k curves (inertia, silhouette, Calinski-Harabasz and Davies-Bouldin against k from
/// <see cref="SegmentationModel.Scores"/>, the chosen k and the elbow marked); the customers of <c>features</c> on the first two
/// principal components of the scaled space K-Means saw, coloured by segment, with the centroids (at most
/// <see cref="SegmentationReportOptions.MaxScatterPoints"/> customers, a seeded sample above that); a heat map of the segments'
/// average standardized features (<see cref="SegmentSummary.ZScores"/>); and, when a <see cref="DriftReport"/> is given, its
/// per-feature drift table.</para>
/// <para>All text is HTML-escaped, every number is formatted in the invariant culture, and the output is the same byte for byte
/// for the same inputs on any machine, culture or time zone (the file carries no timestamp). Thread-safe: the methods are
/// stateless.</para>
/// </remarks>
public static class SegmentationReport
{
    /// <summary>Writes the HTML report to <paramref name="writer"/>.</summary>
    /// <param name="writer">Receives the page (UTF-8 is what the page declares; lines end in '\n').</param>
    /// <param name="model">The fitted segmentation.</param>
    /// <param name="features">The customers to show, raw features holding the model's <see cref="SegmentationModel.FeatureNames"/>
    /// (usually the training features): they are cleaned and assigned as <see cref="SegmentationModel.AssignCustomers"/> does.</param>
    /// <param name="drift">A drift report between a reference and a current window to tabulate, or <see langword="null"/> for none.</param>
    /// <param name="options">The title and scatter sample, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/>, <paramref name="model"/> or <paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="features"/> lacks one of the model's columns or has no customer that can be segmented,
    /// or the options' title is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SegmentationReportOptions.MaxScatterPoints"/> is out of range.</exception>
    public static void Write(TextWriter writer, SegmentationModel model, FeatureMatrix<double> features, DriftReport? drift = null, SegmentationReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        options ??= new SegmentationReportOptions();
        options.Validate();
        SegmentAssignment assigned = model.AssignCustomers(features);
        if (assigned.Segments.IsEmpty)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"features has {features.RowCount:N0} row(s), but none can be segmented (each customer needs a purchase in the window and finite features); pass the customers the report should show."),
                nameof(features));
        }

        FeatureMatrix<double> scaled = model.Preprocessing.Transform(assigned.Features);
        new ReportWriter(writer, model, assigned, scaled, drift, options).Write();
    }

    /// <summary>Returns the HTML report as a string; see <see cref="Write"/>.</summary>
    /// <param name="model">The fitted segmentation.</param>
    /// <param name="features">The customers to show (raw features holding the model's columns).</param>
    /// <param name="drift">A drift report to tabulate, or <see langword="null"/> for none.</param>
    /// <param name="options">The title and scatter sample, or <see langword="null"/> for the defaults.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="features"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="features"/> lacks one of the model's columns or has no customer that can be segmented,
    /// or the options' title is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SegmentationReportOptions.MaxScatterPoints"/> is out of range.</exception>
    public static string ToHtml(SegmentationModel model, FeatureMatrix<double> features, DriftReport? drift = null, SegmentationReportOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, model, features, drift, options);
        return writer.ToString();
    }
}
