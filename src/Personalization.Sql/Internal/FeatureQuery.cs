using System.Globalization;
using System.Text;
using Personalization.Features;

namespace Personalization.Sql.Internal;

/// <summary>
/// Generates the pushdown query: the exact definitions of <see cref="CustomerFeatureExtractor"/> as one SQL
/// statement. One scan of the source groups lines by (customer, order); orders are then grouped by customer, and the
/// gaps between purchase orders come from a narrow window over the orders; window functions over customers give the
/// as-of date (when not given) and the RFM ranks. No correlated subquery; every value is a parameter.
/// </summary>
/// <remarks>
/// Output columns: customer id, rows read, rows skipped (no customer id), rows rejected, then the features in extractor
/// order. The first row has no customer id and carries only the three counts; every customer row has NULL counts.
/// Money is exact fixed point (1e-6 units, rounded half to even per line as the extractor does); times are epoch
/// microseconds; the interval standard deviation is the engine's numerically stable population variance of the gaps in days.
/// </remarks>
internal static class FeatureQuery
{
    public const int CountColumns = 4;
    private const string MicrosPerDay = "86400000000";

    public static string Build(SqlDialect d, string relation, LineExpressions e, CustomerFeatureOptions options, IReadOnlyList<string> names, List<(string Name, object Value)> parameters)
    {
        string p(string name, object value)
        {
            parameters.Add((name, value));
            return d.ParameterMarker(name);
        }

        string dbl = d.DoubleType;
        string asOf = options.AsOf is DateTime a ? p("asof", SqlTime.ToEpochMicros(a)) : null!;
        var sb = new StringBuilder();
        string pk = e.PartitionKey is null ? string.Empty : "pk, ";

        // With the partition key the lines carry the timestamp itself and the orders convert their first and last times to epoch
        // microseconds after grouping (the same values: the conversion is increasing), as postgres_fdw ships no EXTRACT.
        bool rawTime = e.PartitionKey is not null;
        sb.Append($"WITH lines AS (\n  SELECT {pk}c, o, t, q, pr, dc, ch, g, st,\n");
        sb.Append("    CASE WHEN st = 0 AND ret THEN 1 WHEN st = 0 AND q > 0 THEN 2 ELSE 0 END AS kind,\n");
        sb.Append($"    CASE WHEN st = 0 THEN {d.RoundHalfEvenToBigInt("ABS(q * pr * (1 - dc / 100)) * 1000000")} END AS m,\n");
        sb.Append($"    CASE WHEN st = 0 THEN {d.RoundHalfEvenToBigInt("dc * 1000000")} END AS dm\n");
        sb.Append($"  FROM (\n    SELECT {pk}c, o, t, q, pr, dc, ch, g,\n");
        sb.Append("      (r OR q < 0");
        if (e.CancellationPrefix is { Length: > 0 } prefix)
        {
            sb.Append($" OR substr(o, 1, {prefix.Length.ToString(CultureInfo.InvariantCulture)}) = {p("prefix", prefix)}");
        }

        sb.Append(") AS ret,\n");
        sb.Append("      CASE WHEN c IS NULL THEN 1\n");
        sb.Append("           WHEN o IS NULL OR t IS NULL OR q IS NULL OR pr IS NULL OR dc IS NULL OR r IS NULL THEN 2\n");
        sb.Append($"           WHEN NOT ({d.IsFinite("q")}) OR NOT ({d.IsFinite("pr")}) OR pr < 0 OR dc < 0 OR dc > 100 THEN 2\n");
        if (asOf is not null)
        {
            // with the timestamp itself, compare it with the as-of timestamp (built from parameters) rather than its epoch, so that
            // the comparison can be shipped; an exact conversion (whole days, then microseconds) of the same instant
            long micros = SqlTime.ToEpochMicros(options.AsOf!.Value);
            long days = Math.DivRem(micros, 86_400_000_000L, out long within);
            if (within < 0)
            {
                days--;
                within += 86_400_000_000L;
            }

            string cut = !rawTime ? $"t > {asOf}"
                : e.PlainTimestamp && d.TimestampFromEpoch(p("asofday", days), p("asofus", within)) is { } stamp ? $"t > {stamp}"
                : $"{d.EpochMicroseconds("t")} > {asOf}";
            sb.Append($"           WHEN {cut} THEN 3\n");
        }

        sb.Append("           ELSE 0 END AS st\n");
        sb.Append("    FROM (\n");
        sb.Append(LinesSelect(e, relation, "      ", partitionKey: e.PartitionKey, rawTime: rawTime));

        // The fence keeps the engine from evaluating each parsed field once per use; typed columns need none, and without it the
        // subqueries flatten into one scan whose aggregation a partitioned engine can ship to the partitions.
        string fence = e.ParsesText && d.EvaluateOnceFence is { Length: > 0 } f ? "  " + f + "\n" : string.Empty;
        sb.Append($"{fence}    ) AS typed\n{fence}  ) AS flagged\n),\n");

        // Orders: one group per (customer, order). A skipped, rejected or after-as-of line carries no customer and its
        // status as the order key, so all of them fall in three small (NULL, status) groups: the groups need one count,
        // and skipped (status 1) and rejected (status 2) lines are told apart by their key.
        int k = options.Categories.Count;
        sb.Append($"{(rawTime ? "order_groups" : "orders")} AS (\n  SELECT CASE WHEN st = 0 THEN c END AS c, CASE WHEN st = 0 THEN o WHEN st = 1 THEN '1' WHEN st = 2 THEN '2' ELSE '3' END AS o, COUNT(*) AS n,\n");
        sb.Append("    MIN(t) AS ft, MAX(t) AS mt,\n");
        sb.Append("    COUNT(CASE WHEN kind = 1 THEN 1 END) AS rl, COUNT(CASE WHEN kind = 2 THEN 1 END) AS pl,\n");
        sb.Append("    SUM(CASE WHEN kind = 1 THEN m END) AS rm, SUM(CASE WHEN kind = 2 THEN m END) AS pm, SUM(CASE WHEN kind = 2 THEN dm END) AS dm,\n");
        sb.Append("    COUNT(CASE WHEN kind = 2 AND dc > 0 THEN 1 END) AS dl,\n");
        sb.Append($"    COUNT(CASE WHEN kind = 2 AND lower(ch) = {p("online", options.OnlineChannel.ToLowerInvariant())} THEN 1 END) AS ol");
        for (int q = 0; q < k; q++)
        {
            sb.Append($",\n    SUM(CASE WHEN kind = 2 AND g = {p("cat" + q.ToString(CultureInfo.InvariantCulture), options.Categories[q])} THEN m END) AS g{q}");
        }

        // Grouping also by the raw customer column (the partition key) splits no order: the id is that column, or NULL.
        sb.Append($"\n  FROM lines\n  GROUP BY {(e.PartitionKey is null ? string.Empty : "pk, ")}1, 2\n),\n");
        if (rawTime)
        {
            sb.Append($"orders AS (\n  SELECT c, o, n, {d.EpochMicroseconds("ft")} AS ft, {d.EpochMicroseconds("mt")} AS mt, rl, pl, rm, pm, dm, dl, ol");
            for (int q = 0; q < k; q++)
            {
                sb.Append($", g{q}");
            }

            sb.Append("\n  FROM order_groups\n),\n");
        }

        // The window (an order is in it when its time is after as-of minus the window) needs the as-of date first; without
        // a window the as-of date is taken over the customers at the end, so no pass over the orders is spent on it.
        string from = "orders";
        string w = string.Empty;
        if (options.WindowDays is int wd)
        {
            string start = asOf ?? "(SELECT MAX(mt) FROM orders WHERE c IS NOT NULL)";
            sb.Append($"window_start AS (\n  SELECT {start} - {p("win", wd * 86_400_000_000L)} AS ws\n),\n");
            from = "orders CROSS JOIN window_start";
            w = "ft > ws AND ";
        }

        // Gaps between consecutive purchase orders in the window, over a narrow projection of the orders.
        sb.Append($"gaps AS (\n  SELECT c, ft - LAG(ft) OVER (PARTITION BY c ORDER BY ft) AS gap\n  FROM {from}\n  WHERE {w}c IS NOT NULL AND pl > 0\n),\n");
        sb.Append($"intervals AS (\n  SELECT c, SUM(gap) AS s1, {d.PopulationVariance($"CAST(gap AS {dbl}) / CAST({MicrosPerDay} AS {dbl})")} AS vg\n  FROM gaps\n  GROUP BY c\n),\n");

        // Customers; the (NULL) group holds the skipped and rejected lines and is kept only for the counts.
        sb.Append("customers AS (\n  SELECT c, SUM(n) AS n_read, SUM(CASE WHEN c IS NULL AND o = '1' THEN n END) AS n_skip, SUM(CASE WHEN c IS NULL AND o = '2' THEN n END) AS n_rej,\n");
        sb.Append("    MAX(mt) AS cm, MAX(CASE WHEN pl > 0 THEN ft END) AS lp, MIN(CASE WHEN pl > 0 THEN ft END) AS fp,\n");
        sb.Append($"    COUNT(CASE WHEN {w}pl > 0 THEN 1 END) AS f,\n");
        sb.Append($"    COUNT(CASE WHEN {w}(pl > 0 OR rl > 0) THEN 1 END) AS ao, COUNT(CASE WHEN {w}rl > 0 THEN 1 END) AS ro,\n");
        sb.Append($"    COALESCE(SUM(CASE WHEN {w}rl > 0 THEN rm END), 0) AS rt, COALESCE(SUM(CASE WHEN {w}pl > 0 THEN pm END), 0) AS gross,\n");
        sb.Append($"    COALESCE(SUM(CASE WHEN {w}pl > 0 THEN dm END), 0) AS dsum, COALESCE(SUM(CASE WHEN {w}pl > 0 THEN pl END), 0) AS plines,\n");
        sb.Append($"    COUNT(CASE WHEN {w}pl > 0 AND dl > 0 THEN 1 END) AS dord, COUNT(CASE WHEN {w}pl > 0 AND ol > 0 THEN 1 END) AS oord");
        for (int q = 0; q < k; q++)
        {
            sb.Append($",\n    COALESCE(SUM(CASE WHEN {w}pl > 0 THEN g{q} END), 0) AS g{q}");
        }

        sb.Append($"\n  FROM {from}\n  GROUP BY c\n),\n");

        // RFM ranks: customers strictly worse = rank - 1 (ties share a rank); never-bought ranks worst on recency.
        sb.Append($"ranked AS (\n  SELECT customers.*, i.s1, i.vg, {asOf ?? "MAX(cm) OVER ()"} AS a, COUNT(*) OVER () AS n,\n");
        sb.Append("    RANK() OVER (ORDER BY lp NULLS FIRST) - 1 AS lr, RANK() OVER (ORDER BY f) - 1 AS lf, RANK() OVER (ORDER BY gross - rt) - 1 AS lm\n");
        sb.Append("  FROM customers LEFT JOIN intervals AS i ON i.c = customers.c\n  WHERE customers.c IS NOT NULL\n),\n");

        // One row of counts (no customer id), then one row per customer (no counts).
        string big = d.BigIntType;
        sb.Append($"result AS (\n  SELECT CAST(NULL AS {d.TextType}) AS c, CAST(COALESCE(SUM(n_read), 0) AS {big}) AS x1, CAST(COALESCE(SUM(n_skip), 0) AS {big}) AS x2, CAST(COALESCE(SUM(n_rej), 0) AS {big}) AS x3");
        for (int j = 0; j < names.Count; j++)
        {
            sb.Append($", CAST(NULL AS {dbl}) AS v{j}");
        }

        sb.Append($"\n  FROM customers\n  UNION ALL\n  SELECT c, CAST(NULL AS {big}), CAST(NULL AS {big}), CAST(NULL AS {big})");
        foreach (string name in names)
        {
            sb.Append(",\n    CAST(").Append(Feature(name, options, dbl)).Append($" AS {dbl})");
        }

        sb.Append("\n  FROM ranked\n)\n");
        sb.Append($"SELECT * FROM result\nORDER BY CASE WHEN c IS NULL THEN 0 ELSE 1 END, {d.OrdinalText("c")}");
        return sb.ToString();
    }

    /// <summary>The first rejected (or, with <paramref name="includeMissingCustomer"/>, customer-less) rows: the failing field and the raw values.</summary>
    public static string Rejections(SqlDialect d, string relation, LineExpressions e, bool includeMissingCustomer, int limit)
    {
        var sb = new StringBuilder("SELECT CASE WHEN c IS NULL THEN 6 WHEN o IS NULL THEN 0 WHEN t IS NULL THEN 1 ");
        sb.Append($"WHEN q IS NULL OR NOT ({d.IsFinite("q")}) THEN 2 WHEN pr IS NULL OR NOT ({d.IsFinite("pr")}) OR pr < 0 THEN 3 ");
        sb.Append("WHEN dc IS NULL OR dc < 0 OR dc > 100 THEN 4 ELSE 5 END AS bad");
        for (int i = 0; i < e.Raw.Count; i++)
        {
            sb.Append($", raw{i}");
        }

        sb.Append("\nFROM (\n").Append(LinesSelect(e, relation, "  ", withRaw: true)).Append(") AS typed\n");
        sb.Append($"WHERE {(includeMissingCustomer ? "c IS NULL OR " : "c IS NOT NULL AND (")}o IS NULL OR t IS NULL OR q IS NULL OR pr IS NULL OR dc IS NULL OR r IS NULL ");
        sb.Append($"OR NOT ({d.IsFinite("q")}) OR NOT ({d.IsFinite("pr")}) OR pr < 0 OR dc < 0 OR dc > 100{(includeMissingCustomer ? string.Empty : ")")}\n");
        sb.Append(d.Limit(limit));
        return sb.ToString();
    }

    private static string LinesSelect(LineExpressions e, string relation, string indent, bool withRaw = false, string? partitionKey = null, bool rawTime = false)
    {
        var sb = new StringBuilder();
        sb.Append($"{indent}SELECT {(partitionKey is null ? string.Empty : partitionKey + " AS pk, ")}{e.Customer} AS c, {e.Order} AS o, {(rawTime ? e.Timestamp : e.Time)} AS t,\n");
        sb.Append($"{indent}  {e.Quantity} AS q, {e.Price} AS pr, {e.Discount} AS dc, {e.IsReturn} AS r,\n");
        sb.Append($"{indent}  {e.Channel} AS ch, {e.Category} AS g");
        if (withRaw)
        {
            for (int i = 0; i < e.Raw.Count; i++)
            {
                sb.Append($", {e.Raw[i].Raw} AS raw{i}");
            }
        }

        sb.Append($"\n{indent}FROM {relation} AS s\n");
        return sb.ToString();
    }

    private static string Feature(string name, CustomerFeatureOptions options, string dbl)
    {
        string days(string micros) => $"CAST({micros} AS {dbl}) / CAST({MicrosPerDay} AS {dbl})";
        string money(string micros) => $"CAST({micros} AS {dbl}) / CAST(1000000 AS {dbl})";
        string ratio(string num, string den) => $"CASE WHEN {den} > 0 THEN CAST({num} AS {dbl}) / CAST({den} AS {dbl}) END";
        string score(string less) => $"CASE WHEN c IS NOT NULL THEN 1 + FLOOR(CAST(5 * {less} AS {dbl}) / CAST(n AS {dbl})) END";
        switch (name)
        {
            case CustomerFeatureNames.Recency: return $"CASE WHEN lp IS NOT NULL THEN {days("a - lp")} END";
            case CustomerFeatureNames.Frequency: return $"CAST(f AS {dbl})";
            case CustomerFeatureNames.Monetary: return money("gross - rt");
            case CustomerFeatureNames.AverageOrderValue: return $"CASE WHEN f > 0 THEN {money("gross")} / CAST(f AS {dbl}) END";
            case CustomerFeatureNames.Tenure: return $"CASE WHEN fp IS NOT NULL THEN {days("a - fp")} END";
            case CustomerFeatureNames.IntervalMean: return $"CASE WHEN f >= 2 THEN {days("s1")} / CAST(f - 1 AS {dbl}) END";
            case CustomerFeatureNames.IntervalStd:
                return "CASE WHEN f >= 2 THEN SQRT(vg) END";
            case CustomerFeatureNames.AverageDiscount: return $"CASE WHEN plines > 0 THEN {money("dsum")} / CAST(plines AS {dbl}) END";
            case CustomerFeatureNames.DiscountedOrderShare: return ratio("dord", "f");
            case CustomerFeatureNames.OnlineShare: return ratio("oord", "f");
            case CustomerFeatureNames.ReturnRate: return ratio("ro", "ao");
            case CustomerFeatureNames.RecencyScore: return score("lr");
            case CustomerFeatureNames.FrequencyScore: return score("lf");
            case CustomerFeatureNames.MonetaryScore: return score("lm");
            case CustomerFeatureNames.TopCategory: return TopCategory(options.Categories.Count);
            default:
                int q = IndexOf(options.Categories, name[CustomerFeatureNames.CategorySharePrefix.Length..]);
                return ratio("g" + q.ToString(CultureInfo.InvariantCulture), "gross");
        }
    }

    private static string TopCategory(int k)
    {
        var sb = new StringBuilder("CASE");
        string max = k == 1 ? "g0" : "GREATEST(" + string.Join(", ", Enumerable.Range(0, k).Select(q => "g" + q.ToString(CultureInfo.InvariantCulture))) + ")";
        sb.Append($" WHEN {max} <= 0 THEN NULL");
        for (int q = 0; q < k; q++)
        {
            sb.Append($" WHEN g{q} = {max} THEN {q}");
        }

        return sb.Append(" END").ToString();
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{value}' is not a category.");
    }
}
