using Personalization.Features;

namespace Personalization.Cli;

internal static class Output
{
    public static string Folder(ParsedOptions options)
    {
        string folder = Path.GetFullPath(options.Get("output") ?? ".");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static object InputSummary(ParsedOptions options, CsvReadReport report) => new
    {
        path = Path.GetFileName(options.Required("input")),
        rowsRead = report.RowsRead,
        rowsAccepted = report.RowsAccepted,
        rowsRejected = report.RejectedCount,
        rowsSkippedNoCustomer = report.SkippedMissingCustomerId,
    };
}
