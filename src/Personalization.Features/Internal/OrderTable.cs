using System.Runtime.InteropServices;

namespace Personalization.Features.Internal;

/// <summary>
/// Numbers the distinct (customer, order id) pairs without keeping a string per order: numeric ids are stored as numbers,
/// other ids as characters in one growing arena (length in two chars, then the chars). About 36 bytes per order.
/// </summary>
internal sealed class OrderTable
{
    private readonly Dictionary<OrderKey, int> _index;
    private char[] _arena = [];
    private int _arenaLength;

    public OrderTable() => _index = new Dictionary<OrderKey, int>(new KeyComparer(this));

    /// <summary>Gets the number of orders.</summary>
    public int Count => _index.Count;

    /// <summary>Returns the number of the order, adding it as number <see cref="Count"/> when it is new.</summary>
    public int GetOrAdd(int customer, string orderId, out bool added)
    {
        OrderKey key;
        if (TryNumber(orderId, out long number))
        {
            key = new OrderKey(customer, number);
        }
        else
        {
            // Write the id at the end of the arena; keep it only if the order is new.
            long need = _arenaLength + 2L + orderId.Length;
            if (need > _arena.Length)
            {
                if (need > Array.MaxLength)
                {
                    throw new InvalidOperationException($"The order ids that are not plain numbers total more than {Array.MaxLength:N0} characters; number the orders (digits only) or extract in parts.");
                }

                Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max(need, Math.Max(1024L, 2L * _arena.Length))));
            }

            _arena[_arenaLength] = (char)(orderId.Length & 0xFFFF);
            _arena[_arenaLength + 1] = (char)(orderId.Length >>> 16);
            orderId.CopyTo(0, _arena, _arenaLength + 2, orderId.Length);
            key = new OrderKey(customer, ~(long)_arenaLength);
        }

        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        added = !exists;
        if (added)
        {
            slot = _index.Count - 1;
            if (key.Code < 0)
            {
                _arenaLength += 2 + orderId.Length;
            }
        }

        return slot;
    }

    /// <summary>Reads a canonical decimal number of 1 to 18 digits (no sign, no leading zero unless it is "0").</summary>
    private static bool TryNumber(string text, out long number)
    {
        number = 0;
        if (text.Length is 0 or > 18 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (char c in text)
        {
            uint digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    private ReadOnlySpan<char> Text(long code)
    {
        int offset = (int)~code;
        int length = _arena[offset] | (_arena[offset + 1] << 16);
        return _arena.AsSpan(offset + 2, length);
    }

    private sealed class KeyComparer(OrderTable table) : IEqualityComparer<OrderKey>
    {
        public bool Equals(OrderKey x, OrderKey y) =>
            x.Customer == y.Customer && (x.Code == y.Code || (x.Code < 0 && y.Code < 0 && table.Text(x.Code).SequenceEqual(table.Text(y.Code))));

        public int GetHashCode(OrderKey key) => key.Code >= 0
            ? HashCode.Combine(key.Customer, key.Code)
            : HashCode.Combine(key.Customer, string.GetHashCode(table.Text(key.Code), StringComparison.Ordinal));
    }
}
