namespace Personalization.Features.Internal;

/// <summary>
/// An order: the customer's index and its order id in 8 bytes. <see cref="Code"/> &gt;= 0 is the order id itself when it is a
/// canonical decimal number of at most 18 digits (no leading zero); otherwise it is <c>~offset</c> of the id's characters in
/// the <see cref="OrderTable"/>'s arena. Each id has exactly one encoding, so equal ids give equal keys.
/// </summary>
internal readonly record struct OrderKey(int Customer, long Code);
