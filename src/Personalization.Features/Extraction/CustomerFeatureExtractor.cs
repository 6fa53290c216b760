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
/// <para>Complexity: O(n) time for n transactions plus O(c log c) for c customers; memory O(c + orders).
/// The extractor is immutable and thread-safe.</para>
/// </remarks>
public sealed class CustomerFeatureExtractor : IFeatureExtractor<IEnumerable<Transaction>>
{
    private const double MicrosPerUnit = 1e6;
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

    /// <summary>The state of one extraction: customers, orders and their running totals.</summary>
    private sealed class ExtractionState
    {
        private const int BaseColumns = 14;
        private readonly CustomerFeatureOptions _options;
        private readonly Dictionary<string, int> _categoryIndex;
        private readonly int _categoryCount;
        private readonly long _asOfLimit;
        private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
        private readonly List<string> _customerIds = [];
        private readonly Dictionary<OrderKey, int> _orders = [];
        private OrderAggregate[] _aggregates = new OrderAggregate[1024];
        private long[] _categoryMicros;
        private int _orderCount;
        private long _maxTicks = long.MinValue;
        private string? _lastCustomerId;
        private int _lastCustomer = -1;
        private string? _lastOrderId;
        private int _lastOrder = -1;
        private string? _lastCategory;
        private int _lastCategoryIndex = -1;

        public ExtractionState(CustomerFeatureExtractor owner)
        {
            _options = owner.Options;
            _categoryIndex = owner._categoryIndex;
            _categoryCount = _options.Categories.Count;
            _categoryMicros = new long[_aggregates.Length * _categoryCount];
            _asOfLimit = _options.AsOf is DateTime asOf ? asOf.Ticks : long.MaxValue;
        }

        public void Add(Transaction t, long index)
        {
            if (t is null)
            {
                throw new ArgumentException($"The transaction at position {index} is null.", "input");
            }

            long ticks = t.Timestamp.Ticks;
            if (ticks > _asOfLimit)
            {
                return;
            }

            double quantity = t.Quantity;
            double price = t.UnitPrice;
            double discount = t.DiscountPercent;
            if (!double.IsFinite(quantity) || !double.IsFinite(price) || price < 0 || !(discount >= 0 && discount <= 100))
            {
                throw new ArgumentException(
                    $"The transaction at position {index} (customer '{t.CustomerId}', order '{t.OrderId}') has quantity {quantity}, unit price {price} and discount {discount}%; quantity and price must be finite, the price at least 0 and the discount between 0 and 100.",
                    "input");
            }

            int customer = CustomerIndex(t.CustomerId, index);
            int order = OrderIndex(customer, t.OrderId, index, ticks);
            if (ticks > _maxTicks)
            {
                _maxTicks = ticks;
            }

            ref OrderAggregate o = ref _aggregates[order];
            if (ticks < o.FirstTicks)
            {
                o.FirstTicks = ticks;
            }

            double amount = Math.Abs(quantity * price * (1 - (discount / 100)));
            long micros = (long)Math.Round(amount * MicrosPerUnit);
            if (t.IsReturn || quantity < 0)
            {
                o.ReturnMicros += micros;
                o.ReturnLines++;
            }
            else if (quantity > 0)
            {
                o.PurchaseMicros += micros;
                o.PurchaseLines++;
                o.DiscountMicros += (long)Math.Round(discount * MicrosPerUnit);
                o.AnyDiscount |= discount > 0;
                if (!o.Online && t.Channel is { } channel && string.Equals(channel, _options.OnlineChannel, StringComparison.OrdinalIgnoreCase))
                {
                    o.Online = true;
                }

                if (_categoryCount > 0 && t.Category is { } category)
                {
                    int k = CategoryIndex(category);
                    if (k >= 0)
                    {
                        _categoryMicros[(order * _categoryCount) + k] += micros;
                    }
                }
            }
        }

        public FeatureMatrix<double> Finish(string[] allNames, int[] selected, string[] names)
        {
            int n = _customerIds.Count;
            int k = _categoryCount;
            int width = allNames.Length;
            long asOf = _options.AsOf is DateTime a ? a.Ticks : (n == 0 ? 0 : _maxTicks);
            long windowStart = _options.WindowDays is int w ? asOf - (w * TimeSpan.TicksPerDay) : long.MinValue;
            double undefined = _options.UndefinedValue;

            // Customers sorted by id: rank[c] is the output row of customer c.
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            string[] ids = _customerIds.ToArray();
            Array.Sort(ids, order, StringComparer.Ordinal);
            var rank = new int[n];
            for (int i = 0; i < n; i++)
            {
                rank[order[i]] = i;
            }

            var first = new long[n];
            var last = new long[n];
            Array.Fill(first, long.MaxValue);
            Array.Fill(last, long.MinValue);
            var frequency = new int[n];
            var allOrders = new int[n];
            var returnOrders = new int[n];
            var gross = new long[n];
            var returned = new long[n];
            var discountMicros = new long[n];
            var purchaseLines = new long[n];
            var discounted = new int[n];
            var online = new int[n];
            var category = new long[n * k];

            for (int j = 0; j < _orderCount; j++)
            {
                ref OrderAggregate o = ref _aggregates[j];
                int c = rank[o.Customer];
                bool purchase = o.PurchaseLines > 0;
                if (purchase)
                {
                    first[c] = Math.Min(first[c], o.FirstTicks);
                    last[c] = Math.Max(last[c], o.FirstTicks);
                }

                if (o.FirstTicks <= windowStart || (!purchase && o.ReturnLines == 0))
                {
                    continue;
                }

                allOrders[c]++;
                returned[c] += o.ReturnMicros;
                if (o.ReturnLines > 0)
                {
                    returnOrders[c]++;
                }

                if (purchase)
                {
                    frequency[c]++;
                    gross[c] += o.PurchaseMicros;
                    discountMicros[c] += o.DiscountMicros;
                    purchaseLines[c] += o.PurchaseLines;
                    discounted[c] += o.AnyDiscount ? 1 : 0;
                    online[c] += o.Online ? 1 : 0;
                    for (int q = 0; q < k; q++)
                    {
                        category[(c * k) + q] += _categoryMicros[(j * k) + q];
                    }
                }
            }

            // Purchase-order times in the window, grouped by customer (CSR), for the interval statistics.
            var start = new int[n + 1];
            for (int c = 0; c < n; c++)
            {
                start[c + 1] = start[c] + frequency[c];
            }

            var times = new long[start[n]];
            var fill = (int[])start.Clone();
            for (int j = 0; j < _orderCount; j++)
            {
                ref OrderAggregate o = ref _aggregates[j];
                if (o.PurchaseLines > 0 && o.FirstTicks > windowStart)
                {
                    int c = rank[o.Customer];
                    times[fill[c]++] = o.FirstTicks;
                }
            }

            var values = new double[n * width];
            for (int c = 0; c < n; c++)
            {
                Span<double> row = values.AsSpan(c * width, width);
                bool everBought = last[c] != long.MinValue;
                int f = frequency[c];
                row[0] = everBought ? Days(asOf - last[c]) : undefined;
                row[1] = f;
                row[2] = (gross[c] - returned[c]) / MicrosPerUnit;
                row[3] = f > 0 ? gross[c] / MicrosPerUnit / f : undefined;
                row[4] = everBought ? Days(asOf - first[c]) : undefined;
                if (f >= 2)
                {
                    Span<long> t = times.AsSpan(start[c], f);
                    t.Sort();
                    double sum = 0;
                    for (int i = 1; i < f; i++)
                    {
                        sum += Days(t[i] - t[i - 1]);
                    }

                    double mean = sum / (f - 1);
                    double ss = 0;
                    for (int i = 1; i < f; i++)
                    {
                        double d = Days(t[i] - t[i - 1]) - mean;
                        ss += d * d;
                    }

                    row[5] = mean;
                    row[6] = Math.Sqrt(ss / (f - 1));
                }
                else
                {
                    row[5] = undefined;
                    row[6] = undefined;
                }

                row[7] = purchaseLines[c] > 0 ? discountMicros[c] / MicrosPerUnit / purchaseLines[c] : undefined;
                row[8] = f > 0 ? (double)discounted[c] / f : undefined;
                row[9] = f > 0 ? (double)online[c] / f : undefined;
                row[10] = allOrders[c] > 0 ? (double)returnOrders[c] / allOrders[c] : undefined;
                if (k > 0)
                {
                    int top = -1;
                    long best = 0;
                    for (int q = 0; q < k; q++)
                    {
                        long m = category[(c * k) + q];
                        row[BaseColumns + q] = gross[c] > 0 ? (double)m / gross[c] : undefined;
                        if (m > best)
                        {
                            best = m;
                            top = q;
                        }
                    }

                    row[BaseColumns + k] = top >= 0 ? top : undefined;
                }
            }

            // RFM quintile scores: 1 + floor(5 x (customers strictly worse) / n).
            var recencyKey = new double[n];
            var frequencyKey = new double[n];
            var monetaryKey = new double[n];
            for (int c = 0; c < n; c++)
            {
                // Lower recency is better; a customer who never bought ranks worst.
                recencyKey[c] = last[c] == long.MinValue ? double.NegativeInfinity : -Days(asOf - last[c]);
                frequencyKey[c] = frequency[c];
                monetaryKey[c] = values[(c * width) + 2];
            }

            Score(recencyKey, values, width, 11);
            Score(frequencyKey, values, width, 12);
            Score(monetaryKey, values, width, 13);

            if (selected.Length == width)
            {
                return FeatureMatrix<double>.FromOwnedArray(values, n, width, names, ids);
            }

            var picked = new double[n * selected.Length];
            for (int c = 0; c < n; c++)
            {
                for (int j = 0; j < selected.Length; j++)
                {
                    picked[(c * selected.Length) + j] = values[(c * width) + selected[j]];
                }
            }

            return FeatureMatrix<double>.FromOwnedArray(picked, n, selected.Length, names, ids);
        }

        private static double Days(long ticks) => (double)ticks / TimeSpan.TicksPerDay;

        private static void Score(double[] key, double[] values, int width, int column)
        {
            int n = key.Length;
            double[] sorted = (double[])key.Clone();
            Array.Sort(sorted);
            for (int c = 0; c < n; c++)
            {
                int less = LowerBound(sorted, key[c]);
                values[(c * width) + column] = 1 + ((5L * less) / n);
            }
        }

        private static int LowerBound(double[] sorted, double value)
        {
            int lo = 0;
            int hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        private int CustomerIndex(string? id, long index)
        {
            if (ReferenceEquals(id, _lastCustomerId))
            {
                return _lastCustomer;
            }

            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException($"The transaction at position {index} has no customer id; drop or fill such rows first (the CSV loaders skip them).", "input");
            }

            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_customers, id, out bool exists);
            if (!exists)
            {
                slot = _customerIds.Count;
                _customerIds.Add(id);
            }

            _lastCustomerId = id;
            _lastCustomer = slot;
            _lastOrderId = null;
            return slot;
        }

        private int OrderIndex(int customer, string? orderId, long index, long ticks)
        {
            if (ReferenceEquals(orderId, _lastOrderId) && orderId is not null)
            {
                return _lastOrder;
            }

            if (string.IsNullOrEmpty(orderId))
            {
                throw new ArgumentException($"The transaction at position {index} (customer '{_customerIds[customer]}') has no order id.", "input");
            }

            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_orders, new OrderKey(customer, orderId), out bool exists);
            if (!exists)
            {
                slot = _orderCount;
                if (_orderCount == _aggregates.Length)
                {
                    Array.Resize(ref _aggregates, _aggregates.Length * 2);
                    Array.Resize(ref _categoryMicros, _aggregates.Length * _categoryCount);
                }

                _aggregates[_orderCount++] = new OrderAggregate { Customer = customer, FirstTicks = ticks };
            }

            _lastOrderId = orderId;
            _lastOrder = slot;
            return slot;
        }

        private int CategoryIndex(string category)
        {
            if (!ReferenceEquals(category, _lastCategory))
            {
                _lastCategory = category;
                _lastCategoryIndex = _categoryIndex.TryGetValue(category, out int k) ? k : -1;
            }

            return _lastCategoryIndex;
        }
    }
}
