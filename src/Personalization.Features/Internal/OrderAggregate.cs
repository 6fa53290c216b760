namespace Personalization.Features.Internal;

/// <summary>The running totals of one order. Money is in exact fixed point (millionths) so sums do not depend on line order.</summary>
internal struct OrderAggregate
{
    public int Customer;
    public long FirstTicks;
    public long PurchaseMicros;
    public long ReturnMicros;
    public long DiscountMicros;
    public int PurchaseLines;
    public int ReturnLines;
    public bool AnyDiscount;
    public bool Online;
}
