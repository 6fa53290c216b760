namespace Personalization.Features.Internal;

/// <summary>An order: the customer's index and the order id (the same order id of two customers are two orders).</summary>
internal readonly record struct OrderKey(int Customer, string OrderId)
{
    public bool Equals(OrderKey other) => Customer == other.Customer && string.Equals(OrderId, other.OrderId, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Customer, string.GetHashCode(OrderId, StringComparison.Ordinal));
}
