namespace Personalization.Features.Internal;

/// <summary>What the extractor keeps of one order when its money goes straight to the customer: 16 bytes.</summary>
internal struct OrderState
{
    public const byte Purchase = 1;
    public const byte Return = 2;
    public const byte Discount = 4;
    public const byte Online = 8;

    /// <summary>The time of the order's earliest line, in ticks.</summary>
    public long FirstTicks;

    /// <summary>The customer's index (insertion order).</summary>
    public int Customer;

    /// <summary>Any of <see cref="Purchase"/> (a purchase line), <see cref="Return"/> (a return line),
    /// <see cref="Discount"/> (a discounted purchase line) and <see cref="Online"/> (a purchase line on the online channel).</summary>
    public byte Flags;
}
