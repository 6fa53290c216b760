namespace Personalization.Features;

/// <summary>Options of the CSV loaders (<see cref="TransactionCsvReader"/>, <see cref="CustomerCsvReader"/>).</summary>
/// <remarks>Parsing is culture-invariant: numbers use <c>.</c> as the decimal separator.</remarks>
public sealed record CsvReadOptions
{
    /// <summary>Gets the default options.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>Gets what to do with rows that have no customer id.</summary>
    /// <value>Default <see cref="MissingCustomerIdHandling.Skip"/>.</value>
    public MissingCustomerIdHandling MissingCustomerId { get; init; } = MissingCustomerIdHandling.Skip;

    /// <summary>Gets the field separator.</summary>
    /// <value>Default <c>','</c>.</value>
    public char Separator { get; init; } = ',';

    /// <summary>Gets the most rejected rows kept in <see cref="CsvReadReport.RejectedRows"/>; further rejections are only counted.</summary>
    /// <value>Default 100,000.</value>
    public int MaxRejectedRowsKept { get; init; } = 100_000;

    internal void Validate()
    {
        if (Separator is '"' or '\r' or '\n' || Separator > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(Separator), Separator, $"Separator must be an ASCII character other than a quote or line break, but was '{Separator}'.");
        }

        if (!Enum.IsDefined(MissingCustomerId))
        {
            throw new ArgumentOutOfRangeException(nameof(MissingCustomerId), MissingCustomerId, "MissingCustomerId must be Skip, Reject or Fail.");
        }

        if (MaxRejectedRowsKept < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRejectedRowsKept), MaxRejectedRowsKept, $"MaxRejectedRowsKept must be at least 0, but was {MaxRejectedRowsKept}.");
        }
    }
}
