namespace Personalization.Features.Internal;

/// <summary>Turns the current record of a <see cref="CsvTable"/> into a <see cref="Transaction"/>, or rejects it.</summary>
internal sealed class TransactionRowParser
{
    private readonly CsvTable _table;
    private readonly TransactionCsvMapping _mapping;
    private readonly int _customer;
    private readonly int _order;
    private readonly int _timestamp;
    private readonly int _quantity;
    private readonly int _price;
    private readonly int _channel;
    private readonly int _category;
    private readonly int _product;
    private readonly int _region;
    private readonly int _discount;
    private readonly int _return;
    private readonly InstantParser _instants;
    private string _lastRawId = string.Empty;
    private string _lastNormalizedId = string.Empty;

    public TransactionRowParser(CsvTable table, TransactionCsvMapping mapping)
    {
        _table = table;
        _mapping = mapping;
        _customer = table.Required(mapping.CustomerId, "customer id");
        _order = table.Required(mapping.OrderId, "order id");
        _timestamp = table.Required(mapping.Timestamp, "timestamp");
        _quantity = table.Required(mapping.Quantity, "quantity");
        _price = table.Required(mapping.UnitPrice, "unit price");
        _channel = table.Optional(mapping.Channel);
        _category = table.Optional(mapping.Category);
        _product = table.Optional(mapping.ProductId);
        _region = table.Optional(mapping.Region);
        _discount = table.Optional(mapping.DiscountPercent);
        _return = table.Optional(mapping.IsReturn);
        _instants = new InstantParser(mapping.TimestampFormats is [string format] ? format : table.Options.DateFormat, table.Options.TimeZone);
    }

    /// <summary>Parses the current record; returns null when it was skipped or rejected (and counted).</summary>
    public Transaction? Parse()
    {
        CsvTable t = _table;
        CsvReadReport report = t.Report;
        report.CountRead();
        if (t.IsEmpty(_customer))
        {
            switch (t.Options.MissingCustomerId)
            {
                case MissingCustomerIdHandling.Skip:
                    report.CountSkippedMissingCustomerId();
                    return null;
                case MissingCustomerIdHandling.Reject:
                    t.Reject(_customer, "The customer id is missing; every transaction needs one.", withValue: false);
                    return null;
                default:
                    throw t.Fail(_customer, "the customer id is missing. Fill it in, or read with CsvReadOptions.MissingCustomerId = Skip or Reject.");
            }
        }

        string rawId = t.GetString(_customer);
        if (string.IsNullOrWhiteSpace(rawId))
        {
            t.Reject(_customer, "The customer id is blank (only whitespace inside quotes); every transaction needs a real id.");
            return null;
        }

        if (IdText.HasSurroundingWhitespace(rawId))
        {
            t.Reject(_customer, "The customer id has whitespace at its start or end inside quotes; remove it (' c1' and 'c1' would be two customers).");
            return null;
        }

        string customerId = NormalizeId(rawId);
        if (t.IsEmpty(_order))
        {
            t.Reject(_order, "The order id is missing; every transaction needs one.", withValue: false);
            return null;
        }

        string orderId = t.GetString(_order);
        if (t.ReadInstant(_timestamp, _instants, "timestamp", out DateTime timestamp) is { } timestampProblem)
        {
            t.Reject(_timestamp, timestampProblem);
            return null;
        }

        if (!t.TryDouble(_quantity, out double quantity) || !double.IsFinite(quantity))
        {
            t.Reject(_quantity, "The quantity is missing or not a finite number; write it with '.' as the decimal separator.");
            return null;
        }

        if (!t.TryDouble(_price, out double price) || !double.IsFinite(price))
        {
            t.Reject(_price, "The unit price is missing or not a finite number; write it with '.' as the decimal separator.");
            return null;
        }

        if (price < 0)
        {
            t.Reject(_price, "The unit price is negative; prices must be at least 0 (record a refund as a return with a negative quantity).");
            return null;
        }

        double discount = 0;
        if (_discount >= 0 && !t.IsEmpty(_discount))
        {
            if (!t.TryDouble(_discount, out discount) || !(discount >= 0 && discount <= 100))
            {
                t.Reject(_discount, "The discount percent is not a number between 0 and 100.");
                return null;
            }
        }

        bool isReturn = false;
        if (_return >= 0 && !t.IsEmpty(_return) && !t.TryBoolean(_return, out isReturn))
        {
            t.Reject(_return, "The return flag is not a boolean; write true/false, yes/no or 1/0.");
            return null;
        }

        if (_mapping.CancellationPrefix is { Length: > 0 } prefix && orderId.StartsWith(prefix, StringComparison.Ordinal))
        {
            isReturn = true;
        }

        report.CountAccepted();
        return new Transaction(customerId, orderId, timestamp, quantity, price)
        {
            Channel = t.GetStringOrNull(_channel),
            Category = t.GetStringOrNull(_category),
            ProductId = t.GetStringOrNull(_product),
            Region = t.GetStringOrNull(_region),
            DiscountPercent = discount,
            IsReturn = isReturn,
        };
    }

    private string NormalizeId(string id)
    {
        if (!_mapping.NormalizeNumericIds)
        {
            return id;
        }

        if (ReferenceEquals(id, _lastRawId))
        {
            return _lastNormalizedId;
        }

        string normalized = IdText.Normalize(id);
        _lastRawId = id;
        _lastNormalizedId = normalized;
        return normalized;
    }
}
