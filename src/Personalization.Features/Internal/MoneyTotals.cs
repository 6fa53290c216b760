namespace Personalization.Features.Internal;

/// <summary>Running money totals of an order or a customer, in exact fixed point (millionths) so sums do not depend on line order.</summary>
internal struct MoneyTotals
{
    public long PurchaseMicros;
    public long ReturnMicros;
    public long DiscountMicros;
    public long PurchaseLines;
}
