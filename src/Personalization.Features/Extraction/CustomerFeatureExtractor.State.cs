using System.Runtime.InteropServices;
using Personalization.Features.Internal;

namespace Personalization.Features;

public sealed partial class CustomerFeatureExtractor
{
    /// <summary>
    /// The state of one extraction: customers, a 24-byte slot per order (<see cref="OrderTable"/>), and running money totals. Without a window
    /// every order counts, so money goes straight to the customer's totals; with a window it stays on the order until
    /// <see cref="Finish"/> knows the window (an order's time is its earliest line, which may come last).
    /// </summary>
    private sealed partial class ExtractionState
    {
        private const double MicrosPerUnit = 1e6;
        private const int BaseColumns = 14;
        private readonly CustomerFeatureOptions _options;
        private readonly Dictionary<string, int> _categoryIndex;
        private readonly int _categoryCount;
        private readonly long _asOfLimit;
        private readonly bool _moneyPerOrder;
        private readonly Dictionary<string, int> _customers = new(StringComparer.Ordinal);
        private readonly List<string> _customerIds = [];
        private readonly OrderTable _orderTable = new();
        private MoneyTotals[] _money = new MoneyTotals[1024];
        private long[] _categoryMicros;
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
            _categoryMicros = new long[_money.Length * _categoryCount];
            _asOfLimit = _options.AsOf is DateTime asOf ? asOf.Ticks : long.MaxValue;
            _moneyPerOrder = _options.WindowDays is not null;
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
            int position = OrderPosition(customer, t.OrderId, index, ticks);
            if (ticks > _maxTicks)
            {
                _maxTicks = ticks;
            }

            ref OrderSlot o = ref _orderTable.At(position);
            if (ticks < o.FirstTicks)
            {
                o.FirstTicks = ticks;
            }

            int holder = _moneyPerOrder ? o.Number : customer;
            ref MoneyTotals money = ref _money[holder];
            double amount = Math.Abs(quantity * price * (1 - (discount / 100)));
            long micros = (long)Math.Round(amount * MicrosPerUnit);
            if (t.IsReturn || quantity < 0)
            {
                money.ReturnMicros += micros;
                o.Set(OrderSlot.Return);
            }
            else if (quantity > 0)
            {
                money.PurchaseMicros += micros;
                money.PurchaseLines++;
                money.DiscountMicros += (long)Math.Round(discount * MicrosPerUnit);
                o.Set(discount > 0 ? (byte)(OrderSlot.Purchase | OrderSlot.Discount) : OrderSlot.Purchase);
                if ((o.Flags & OrderSlot.Online) == 0 && t.Channel is { } channel && string.Equals(channel, _options.OnlineChannel, StringComparison.OrdinalIgnoreCase))
                {
                    o.Set(OrderSlot.Online);
                }

                if (_categoryCount > 0 && t.Category is { } category)
                {
                    int k = CategoryIndex(category);
                    if (k >= 0)
                    {
                        _categoryMicros[(holder * _categoryCount) + k] += micros;
                    }
                }
            }
        }

        private int CustomerIndex(string? id, long index)
        {
            if (id is not null && string.Equals(id, _lastCustomerId, StringComparison.Ordinal))
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
                if (!_moneyPerOrder)
                {
                    EnsureMoneyCapacity(_customerIds.Count);
                }
            }

            _lastCustomerId = id;
            _lastCustomer = slot;
            _lastOrderId = null;
            return slot;
        }

        /// <summary>The order's slot position in the table (valid until the next new order).</summary>
        private int OrderPosition(int customer, string? orderId, long index, long ticks)
        {
            if (orderId is not null && string.Equals(orderId, _lastOrderId, StringComparison.Ordinal))
            {
                return _lastOrder;
            }

            if (string.IsNullOrEmpty(orderId))
            {
                throw new ArgumentException($"The transaction at position {index} (customer '{_customerIds[customer]}') has no order id.", "input");
            }

            int slot = _orderTable.GetOrAdd(customer, orderId, ticks, out bool added);
            if (added && _moneyPerOrder)
            {
                EnsureMoneyCapacity(_orderTable.Count);
            }

            _lastOrderId = orderId;
            _lastOrder = slot;
            return slot;
        }

        /// <summary>Makes room for <paramref name="count"/> money holders (orders with a window, customers without).</summary>
        private void EnsureMoneyCapacity(int count)
        {
            if (count > _money.Length)
            {
                Array.Resize(ref _money, _money.Length * 2);
                Array.Resize(ref _categoryMicros, _money.Length * _categoryCount);
            }
        }

        private int CategoryIndex(string category)
        {
            if (!string.Equals(category, _lastCategory, StringComparison.Ordinal))
            {
                _lastCategory = category;
                _lastCategoryIndex = _categoryIndex.TryGetValue(category, out int k) ? k : -1;
            }

            return _lastCategoryIndex;
        }
    }
}
