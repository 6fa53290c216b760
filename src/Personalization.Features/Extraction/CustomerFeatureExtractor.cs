using System.Runtime.InteropServices;
using Personalization.Features.Internal;

namespace Personalization.Features;

/// <summary>
/// Computes one row of RFM and behavioural features per customer from transactions, in one streaming pass.
/// </summary>
/// <remarks>
/// <para>Usage: <c>FeatureMatrix&lt;double&gt; f = new CustomerFeatureExtractor(new() { AsOf = asOf, WindowDays = 365 }).Extract(transactions);</c>
/// Rows are the customers with at least one transaction at or before the as-of date, sorted by id (ordinal);
/// <see cref="FeatureMatrix{T}.RowIds"/> are the customer ids. Columns are <see cref="FeatureNames"/>;
/// <c>docs/features.md</c> defines each feature and its edge cases.</para>
/// <para>An order is the set of lines with the same customer and order id; its time is its earliest line.
/// It lies in the window when its time is in (AsOf - WindowDays, AsOf]. Money is summed in exact fixed point
/// (1e-6 resolution), so the result does not depend on the order of the transactions.</para>
/// <para>Complexity: O(n) time for n transactions plus O(c log c) for c customers. Memory is O(c) for c customers plus
/// 32 to 64 bytes per distinct order (one 24-byte hash-table slot with its key, earliest time and four flags; an order
/// id that is a plain number is kept as a number, any other as its characters in one shared buffer), never per
/// transaction; with
/// <see cref="CustomerFeatureOptions.WindowDays"/> set each order also keeps its money totals (32 bytes, plus 8 per
/// category) until the window is known. The transactions are read once and not retained.
/// The extractor is immutable and thread-safe.</para>
/// </remarks>
public sealed partial class CustomerFeatureExtractor : IFeatureExtractor<IEnumerable<Transaction>>
{
    private readonly string[] _allNames;
    private readonly int[] _selected;
    private readonly string[] _names;
    private readonly Dictionary<string, int> _categoryIndex;

    /// <summary>Creates an extractor.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (whole history, as of the latest transaction).</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CustomerFeatureOptions.WindowDays"/> is less than 1.</exception>
    /// <exception cref="ArgumentNullException">An option that must not be null is null.</exception>
    /// <exception cref="ArgumentException">A category is empty or repeated, or <see cref="CustomerFeatureOptions.Columns"/> names an unknown column.</exception>
    public CustomerFeatureExtractor(CustomerFeatureOptions? options = null)
    {
        Options = options ?? new CustomerFeatureOptions();
        Options.Validate();
        _categoryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < Options.Categories.Count; k++)
        {
            _categoryIndex[Options.Categories[k]] = k;
        }

        _allNames = AllNames(Options.Categories);
        if (Options.Columns is null)
        {
            _selected = Enumerable.Range(0, _allNames.Length).ToArray();
        }
        else
        {
            _selected = new int[Options.Columns.Count];
            for (int i = 0; i < _selected.Length; i++)
            {
                _selected[i] = Array.IndexOf(_allNames, Options.Columns[i]);
                if (_selected[i] < 0 || Array.IndexOf(_selected, _selected[i], 0, i) >= 0)
                {
                    throw new ArgumentException($"Columns[{i}] is '{Options.Columns[i]}', which is unknown or repeated; the available columns are: {string.Join(", ", _allNames)}.", nameof(options));
                }
            }
        }

        _names = _selected.Select(i => _allNames[i]).ToArray();
    }

    /// <summary>Gets the options.</summary>
    public CustomerFeatureOptions Options { get; }

    /// <summary>Gets the names of the columns that <see cref="Extract"/> produces, in order.</summary>
    public IReadOnlyList<string> FeatureNames => _names;

    /// <summary>Computes the features of every customer in <paramref name="input"/>.</summary>
    /// <param name="input">The transactions, in any order; enumerated once.</param>
    /// <param name="cancellationToken">Cancels a long extraction (checked every 65,536 transactions).</param>
    /// <returns>One row per customer with a transaction at or before the as-of date, sorted by customer id; row ids are the customer ids.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">A transaction is null, has an empty customer or order id, a non-finite quantity or price, a negative price or a discount outside [0, 100]; the message names its position.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public FeatureMatrix<double> Extract(IEnumerable<Transaction> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var state = new ExtractionState(this);
        long index = 0;
        foreach (Transaction t in input)
        {
            if ((index & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            state.Add(t, index);
            index++;
        }

        return state.Finish(_allNames, _selected, _names);
    }

    private static string[] AllNames(IReadOnlyList<string> categories)
    {
        var names = new List<string>
        {
            CustomerFeatureNames.Recency,
            CustomerFeatureNames.Frequency,
            CustomerFeatureNames.Monetary,
            CustomerFeatureNames.AverageOrderValue,
            CustomerFeatureNames.Tenure,
            CustomerFeatureNames.IntervalMean,
            CustomerFeatureNames.IntervalStd,
            CustomerFeatureNames.AverageDiscount,
            CustomerFeatureNames.DiscountedOrderShare,
            CustomerFeatureNames.OnlineShare,
            CustomerFeatureNames.ReturnRate,
            CustomerFeatureNames.RecencyScore,
            CustomerFeatureNames.FrequencyScore,
            CustomerFeatureNames.MonetaryScore,
        };
        foreach (string c in categories)
        {
            names.Add(CustomerFeatureNames.CategorySharePrefix + c);
        }

        if (categories.Count > 0)
        {
            names.Add(CustomerFeatureNames.TopCategory);
        }

        return names.ToArray();
    }
}
