namespace Personalization.Features.Internal;

/// <summary>One order in the <see cref="OrderTable"/>: its key, its earliest time, its number and four flags in 24 bytes.</summary>
internal struct OrderSlot
{
    public const byte Purchase = 1;
    public const byte Return = 2;
    public const byte Discount = 4;
    public const byte Online = 8;

    /// <summary>The order id: the number itself (&gt;= 0) or <c>~offset</c> of its characters in the table's arena.</summary>
    public readonly long Code;

    /// <summary>The time of the order's earliest line, in ticks.</summary>
    public long FirstTicks;

    /// <summary>The customer's index (insertion order).</summary>
    public readonly int Customer;

    // Low 28 bits: the order number + 1 (0 = empty slot); high 4 bits: the flags.
    private uint _numberAndFlags;

    public OrderSlot(long code, long firstTicks, int customer, int number)
    {
        Code = code;
        FirstTicks = firstTicks;
        Customer = customer;
        _numberAndFlags = (uint)(number + 1);
    }

    /// <summary>Gets a value indicating whether the slot holds an order.</summary>
    public readonly bool IsUsed => _numberAndFlags != 0;

    /// <summary>Gets the order number: 0, 1, ... in order of first appearance.</summary>
    public readonly int Number => (int)(_numberAndFlags & 0x0FFF_FFFF) - 1;

    /// <summary>Gets any of <see cref="Purchase"/> (a purchase line), <see cref="Return"/> (a return line),
    /// <see cref="Discount"/> (a discounted purchase line) and <see cref="Online"/> (a purchase line on the online channel).</summary>
    public readonly byte Flags => (byte)(_numberAndFlags >> 28);

    /// <summary>Adds <paramref name="flags"/>.</summary>
    public void Set(byte flags) => _numberAndFlags |= (uint)flags << 28;
}
