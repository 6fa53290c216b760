namespace Personalization.Features.Internal;

/// <summary>Turns the current record of a <see cref="CsvTable"/> into a <see cref="Customer"/>, or rejects it.</summary>
internal sealed class CustomerRowParser
{
    private readonly CsvTable _table;
    private readonly int _id;
    private readonly int _signup;
    private readonly int _tier;
    private readonly int _optIn;
    private readonly int _region;
    private readonly InstantParser _instants;

    public CustomerRowParser(CsvTable table, CustomerCsvMapping mapping)
    {
        _table = table;
        _id = table.Required(mapping.Id, "customer id");
        _signup = table.Optional(mapping.SignupDate);
        _tier = table.Optional(mapping.LoyaltyTier);
        _optIn = table.Optional(mapping.OptIn);
        _region = table.Optional(mapping.Region);
        _instants = new InstantParser(table.Options.DateFormat, table.Options.TimeZone);
    }

    public Customer? Parse()
    {
        CsvTable t = _table;
        CsvReadReport report = t.Report;
        report.CountRead();
        if (t.IsEmpty(_id))
        {
            switch (t.Options.MissingCustomerId)
            {
                case MissingCustomerIdHandling.Skip:
                    report.CountSkippedMissingCustomerId();
                    return null;
                case MissingCustomerIdHandling.Reject:
                    t.Reject(_id, "The customer id is missing; every customer needs one.", withValue: false);
                    return null;
                default:
                    throw t.Fail(_id, "the customer id is missing. Fill it in, or read with CsvReadOptions.MissingCustomerId = Skip or Reject.");
            }
        }

        if (string.IsNullOrWhiteSpace(t.GetString(_id)))
        {
            t.Reject(_id, "The customer id is blank (only whitespace inside quotes); every customer needs a real id.");
            return null;
        }

        if (IdText.HasSurroundingWhitespace(t.GetString(_id)))
        {
            t.Reject(_id, "The customer id has whitespace at its start or end inside quotes; remove it (' c1' and 'c1' would be two customers).");
            return null;
        }

        DateTime? signup = null;
        if (_signup >= 0 && !t.IsEmpty(_signup))
        {
            if (t.ReadInstant(_signup, _instants, "signup date", out DateTime s) is { } problem)
            {
                t.Reject(_signup, problem);
                return null;
            }

            signup = s;
        }

        bool? optIn = null;
        if (_optIn >= 0 && !t.IsEmpty(_optIn))
        {
            if (!t.TryBoolean(_optIn, out bool o))
            {
                t.Reject(_optIn, "The opt-in flag is not a boolean; write true/false, yes/no or 1/0.");
                return null;
            }

            optIn = o;
        }

        report.CountAccepted();
        return new Customer(t.GetString(_id))
        {
            SignupDate = signup,
            LoyaltyTier = t.GetStringOrNull(_tier),
            OptIn = optIn,
            Region = t.GetStringOrNull(_region),
        };
    }
}
