namespace Personalization.Features.Internal;

/// <summary>
/// The distinct (customer, order id) pairs of one extraction and what is kept of each order, in one open-addressing hash
/// table of 24-byte slots (linear probing, power-of-two capacity, at most 3/4 full): no string and no object per order.
/// </summary>
/// <remarks>
/// An order id that is a canonical decimal number of at most 18 digits (no sign, no leading zero) is kept as that number;
/// any other id as its characters in one growing arena (length in two chars, then the chars), its code then being
/// <c>~offset</c>. Each id has exactly one encoding, so equal ids give equal keys. Results never depend on the slot order:
/// the extractor only sums integers and sorts times.
/// </remarks>
internal sealed class OrderTable
{
    /// <summary>The largest number of orders (the slot keeps the order number in 28 bits).</summary>
    public const int MaxOrders = (1 << 28) - 2;

    private OrderSlot[] _slots = new OrderSlot[1024];
    private char[] _arena = [];
    private int _arenaLength;

    /// <summary>Gets the number of orders.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the slots; those with <see cref="OrderSlot.IsUsed"/> hold the orders, in no particular order.</summary>
    public ReadOnlySpan<OrderSlot> Slots => _slots;

    /// <summary>Returns the slot at <paramref name="position"/> (valid until the next <see cref="GetOrAdd"/> adds an order).</summary>
    public ref OrderSlot At(int position) => ref _slots[position];

    /// <summary>Finds the order, or adds it as order number <see cref="Count"/> with its first time <paramref name="ticks"/>; returns its slot position.</summary>
    public int GetOrAdd(int customer, string orderId, long ticks, out bool added)
    {
        bool numeric = TryNumber(orderId, out long code);
        int hash = numeric ? HashCode.Combine(customer, code) : HashCode.Combine(customer, string.GetHashCode(orderId.AsSpan(), StringComparison.Ordinal));
        int mask = _slots.Length - 1;
        int p = hash & mask;
        while (_slots[p].IsUsed)
        {
            ref OrderSlot s = ref _slots[p];
            if (s.Customer == customer && (numeric ? s.Code == code : s.Code < 0 && Text(s.Code).SequenceEqual(orderId)))
            {
                added = false;
                return p;
            }

            p = (p + 1) & mask;
        }

        if (Count == MaxOrders)
        {
            throw new InvalidOperationException($"The input has more than {MaxOrders:N0} distinct orders; extract the features in parts (for example by customer range).");
        }

        if (!numeric)
        {
            code = Store(orderId);
        }

        _slots[p] = new OrderSlot(code, ticks, customer, Count);
        Count++;
        added = true;
        if (Count > _slots.Length - (_slots.Length >> 2))
        {
            Grow();
            p = Find(customer, code);
        }

        return p;
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

    private int Hash(int customer, long code) => code >= 0
        ? HashCode.Combine(customer, code)
        : HashCode.Combine(customer, string.GetHashCode(Text(code), StringComparison.Ordinal));

    /// <summary>The position of a stored key (same code, so a plain comparison).</summary>
    private int Find(int customer, long code)
    {
        int mask = _slots.Length - 1;
        int p = Hash(customer, code) & mask;
        while (!_slots[p].IsUsed || _slots[p].Customer != customer || _slots[p].Code != code)
        {
            p = (p + 1) & mask;
        }

        return p;
    }

    private void Grow()
    {
        OrderSlot[] old = _slots;
        _slots = new OrderSlot[old.Length * 2];
        int mask = _slots.Length - 1;
        foreach (OrderSlot s in old)
        {
            if (s.IsUsed)
            {
                int p = Hash(s.Customer, s.Code) & mask;
                while (_slots[p].IsUsed)
                {
                    p = (p + 1) & mask;
                }

                _slots[p] = s;
            }
        }
    }

    private long Store(string orderId)
    {
        long need = _arenaLength + 2L + orderId.Length;
        if (need > _arena.Length)
        {
            if (need > Array.MaxLength)
            {
                throw new InvalidOperationException($"The order ids that are not plain numbers total more than {Array.MaxLength:N0} characters; number the orders (digits only) or extract in parts.");
            }

            Array.Resize(ref _arena, (int)Math.Min(Array.MaxLength, Math.Max(need, Math.Max(1024L, 2L * _arena.Length))));
        }

        int offset = _arenaLength;
        _arena[offset] = (char)(orderId.Length & 0xFFFF);
        _arena[offset + 1] = (char)(orderId.Length >>> 16);
        orderId.CopyTo(0, _arena, offset + 2, orderId.Length);
        _arenaLength = (int)need;
        return ~(long)offset;
    }

    private ReadOnlySpan<char> Text(long code)
    {
        int offset = (int)~code;
        int length = _arena[offset] | (_arena[offset + 1] << 16);
        return _arena.AsSpan(offset + 2, length);
    }
}
