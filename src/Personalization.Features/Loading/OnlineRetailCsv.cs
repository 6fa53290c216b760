namespace Personalization.Features;

/// <summary>
/// Loads the UCI Online Retail file (Chen 2015; <c>InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
/// UnitPrice, CustomerID, Country</c>) with <see cref="TransactionCsvMapping.OnlineRetail"/>.
/// </summary>
/// <remarks>
/// Invoices starting with <c>C</c> are cancellations and read as returns (<see cref="Transaction.IsReturn"/>).
/// Rows without a <c>CustomerID</c> (about a quarter of the file) are skipped and counted by default.
/// The standard cleaned subset for RFM is <c>transactions.Where(t =&gt; t.IsPurchase)</c>: customer present,
/// quantity &gt; 0, not cancelled. All methods are thread-safe.
/// </remarks>
public static class OnlineRetailCsv
{
    /// <summary>Streams the transactions of an Online Retail CSV (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="report">Receives the counts and rejected rows.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted transactions, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="InvalidDataException">(Thrown by the enumeration.) The header lacks an Online Retail column, or a row has no customer id and the options say to fail.</exception>
    public static IEnumerable<Transaction> Read(string path, CsvReadReport report, CsvReadOptions? options = null) =>
        TransactionCsvReader.Read(path, report, TransactionCsvMapping.OnlineRetail, options);

    /// <summary>Reads a whole Online Retail CSV into memory.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The options; <see langword="null"/> for <see cref="CsvReadOptions.Default"/>.</param>
    /// <returns>The accepted transactions and the report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header lacks an Online Retail column, or a row has no customer id and the options say to fail.</exception>
    public static CsvLoadResult<Transaction> ReadAll(string path, CsvReadOptions? options = null) =>
        TransactionCsvReader.ReadAll(path, TransactionCsvMapping.OnlineRetail, options);
}
