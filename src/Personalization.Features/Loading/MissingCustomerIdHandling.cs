namespace Personalization.Features;

/// <summary>What a loader does with a row that has no customer id.</summary>
public enum MissingCustomerIdHandling
{
    /// <summary>Skip the row and count it in <see cref="CsvReadReport.SkippedMissingCustomerId"/> (the default).</summary>
    Skip = 0,

    /// <summary>Reject the row: record it in <see cref="CsvReadReport.RejectedRows"/> with its line.</summary>
    Reject = 1,

    /// <summary>Stop reading and throw an <see cref="InvalidDataException"/> naming the file and line.</summary>
    Fail = 2,
}
