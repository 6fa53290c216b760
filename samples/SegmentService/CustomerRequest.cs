using System.Text.Json;
using Personalization;
using Personalization.Features;

namespace SegmentService;

/// <summary>
/// One customer as posted to <c>/segment</c> or <c>/offer</c>: either <c>features</c> (the model's raw feature
/// columns by name) or <c>transactions</c> (with an optional <c>asOf</c>), plus an optional <c>customerId</c>.
/// Parsed by hand from the JSON so that every problem becomes a named validation error (HTTP 400), never a 500.
/// </summary>
internal sealed class CustomerRequest
{
    private static readonly string[] s_fields = ["customerId", "features", "transactions", "asOf"];
    private static readonly string[] s_transactionFields = ["orderId", "timestamp", "quantity", "unitPrice", "isReturn", "discountPercent", "channel", "category", "productId"];

    private CustomerRequest(string customerId, FeatureMatrix<double>? features, IReadOnlyList<Transaction>? transactions, DateTime? asOf)
    {
        CustomerId = customerId;
        Features = features;
        Transactions = transactions;
        AsOf = asOf;
    }

    /// <summary>Gets the customer id (<c>"customer"</c> when the request has none).</summary>
    public string CustomerId { get; }

    /// <summary>Gets the one-row feature matrix when the request gave features.</summary>
    public FeatureMatrix<double>? Features { get; }

    /// <summary>Gets the transactions when the request gave transactions.</summary>
    public IReadOnlyList<Transaction>? Transactions { get; }

    /// <summary>Gets the date the features describe, for transactions.</summary>
    public DateTime? AsOf { get; }

    /// <summary>Parses <paramref name="root"/> against the model's feature names; returns null and fills <paramref name="errors"/> when it is invalid.</summary>
    public static CustomerRequest? Parse(JsonElement root, IReadOnlyList<string> featureNames, DateTime now, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = [$"The body must be a JSON object with 'features' or 'transactions', not a {root.ValueKind}."];
            return null;
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (Array.IndexOf(s_fields, property.Name) < 0)
            {
                errors[property.Name] = [$"Unknown field '{property.Name}'; expected {string.Join(", ", s_fields)}."];
            }
        }

        string customerId = "customer";
        if (root.TryGetProperty("customerId", out JsonElement id))
        {
            if (id.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(id.GetString()))
            {
                customerId = id.GetString()!;
            }
            else
            {
                errors["customerId"] = ["customerId must be a non-empty string."];
            }
        }

        bool hasFeatures = root.TryGetProperty("features", out JsonElement features);
        bool hasTransactions = root.TryGetProperty("transactions", out JsonElement transactions);
        if (hasFeatures == hasTransactions)
        {
            errors["$"] = [hasFeatures ? "Give either 'features' or 'transactions', not both." : "The body needs 'features' (the model's raw feature columns) or 'transactions'."];
            return null;
        }

        DateTime? asOf = null;
        if (root.TryGetProperty("asOf", out JsonElement asOfElement))
        {
            if (hasFeatures)
            {
                errors["asOf"] = ["asOf applies to transactions only; features already describe a date."];
            }
            else if (asOfElement.ValueKind == JsonValueKind.String && asOfElement.TryGetDateTime(out DateTime a))
            {
                asOf = a;
            }
            else
            {
                errors["asOf"] = ["asOf must be an ISO 8601 date-time string, for example \"2011-12-10T00:00:00\"."];
            }
        }

        FeatureMatrix<double>? matrix = hasFeatures ? ParseFeatures(features, featureNames, customerId, errors) : null;
        List<Transaction>? list = hasTransactions ? ParseTransactions(transactions, customerId, errors) : null;
        return errors.Count == 0 ? new CustomerRequest(customerId, matrix, list, asOf ?? now) : null;
    }

    private static FeatureMatrix<double>? ParseFeatures(JsonElement features, IReadOnlyList<string> names, string customerId, Dictionary<string, string[]> errors)
    {
        if (features.ValueKind != JsonValueKind.Object)
        {
            errors["features"] = [$"features must be an object of feature name to number, for example {{\"{names[0]}\": 12}}."];
            return null;
        }

        var row = new double[names.Count];
        var seen = new bool[names.Count];
        foreach (JsonProperty property in features.EnumerateObject())
        {
            int column = IndexOf(names, property.Name);
            string key = "features." + property.Name;
            if (column < 0)
            {
                errors[key] = [$"'{property.Name}' is not a feature of the model; its features are {string.Join(", ", names)}."];
            }
            else if (property.Value.ValueKind != JsonValueKind.Number)
            {
                errors[key] = [$"'{property.Name}' must be a number, not a {property.Value.ValueKind}."];
            }
            else if (!property.Value.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                errors[key] = [$"'{property.Name}' must be a finite number."];
            }
            else
            {
                row[column] = value;
                seen[column] = true;
            }
        }

        for (int c = 0; c < names.Count; c++)
        {
            if (!seen[c] && !errors.ContainsKey("features." + names[c]))
            {
                errors["features." + names[c]] = [$"'{names[c]}' is missing; the model needs {string.Join(", ", names)}."];
            }
        }

        return FeatureMatrix<double>.FromRows([row], [.. names], [customerId]);
    }

    private static List<Transaction>? ParseTransactions(JsonElement transactions, string customerId, Dictionary<string, string[]> errors)
    {
        if (transactions.ValueKind != JsonValueKind.Array || transactions.GetArrayLength() == 0)
        {
            errors["transactions"] = ["transactions must be a non-empty array of {orderId, timestamp, quantity, unitPrice} objects."];
            return null;
        }

        var list = new List<Transaction>(transactions.GetArrayLength());
        int i = 0;
        foreach (JsonElement t in transactions.EnumerateArray())
        {
            string at = $"transactions[{i++}]";
            if (t.ValueKind != JsonValueKind.Object)
            {
                errors[at] = ["Each transaction must be an object."];
                continue;
            }

            foreach (JsonProperty property in t.EnumerateObject())
            {
                if (Array.IndexOf(s_transactionFields, property.Name) < 0)
                {
                    errors[$"{at}.{property.Name}"] = [$"Unknown field '{property.Name}'; expected {string.Join(", ", s_transactionFields)}."];
                }
            }

            string? orderId = String(t, "orderId", at, required: true, errors);
            DateTime? timestamp = Timestamp(t, at, errors);
            double? quantity = Number(t, "quantity", at, required: true, errors);
            double? unitPrice = Number(t, "unitPrice", at, required: true, errors);
            double? discount = Number(t, "discountPercent", at, required: false, errors);
            bool? isReturn = Boolean(t, "isReturn", at, errors);
            if (unitPrice < 0)
            {
                errors[$"{at}.unitPrice"] = ["unitPrice must not be negative."];
            }

            if (discount is < 0 or > 100)
            {
                errors[$"{at}.discountPercent"] = ["discountPercent must be between 0 and 100."];
            }

            if (orderId is null || timestamp is null || quantity is null || unitPrice is null)
            {
                continue;
            }

            list.Add(new Transaction(customerId, orderId, timestamp.Value, quantity.Value, unitPrice.Value)
            {
                IsReturn = isReturn ?? quantity < 0,
                DiscountPercent = discount ?? 0,
                Channel = String(t, "channel", at, required: false, errors),
                Category = String(t, "category", at, required: false, errors),
                ProductId = String(t, "productId", at, required: false, errors),
            });
        }

        return list;
    }

    private static string? String(JsonElement t, string name, string at, bool required, Dictionary<string, string[]> errors)
    {
        if (!t.TryGetProperty(name, out JsonElement v))
        {
            if (required)
            {
                errors[$"{at}.{name}"] = [$"{name} is missing."];
            }

            return null;
        }

        if (v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
        {
            return v.GetString();
        }

        errors[$"{at}.{name}"] = [$"{name} must be a non-empty string."];
        return null;
    }

    private static double? Number(JsonElement t, string name, string at, bool required, Dictionary<string, string[]> errors)
    {
        if (!t.TryGetProperty(name, out JsonElement v))
        {
            if (required)
            {
                errors[$"{at}.{name}"] = [$"{name} is missing."];
            }

            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d))
        {
            return d;
        }

        errors[$"{at}.{name}"] = [$"{name} must be a finite number."];
        return null;
    }

    private static bool? Boolean(JsonElement t, string name, string at, Dictionary<string, string[]> errors)
    {
        if (!t.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        errors[$"{at}.{name}"] = [$"{name} must be true or false."];
        return null;
    }

    private static DateTime? Timestamp(JsonElement t, string at, Dictionary<string, string[]> errors)
    {
        if (!t.TryGetProperty("timestamp", out JsonElement v))
        {
            errors[$"{at}.timestamp"] = ["timestamp is missing."];
            return null;
        }

        if (v.ValueKind == JsonValueKind.String && v.TryGetDateTime(out DateTime d))
        {
            return d;
        }

        errors[$"{at}.timestamp"] = ["timestamp must be an ISO 8601 date-time string, for example \"2011-12-09T12:50:00\"."];
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
