-- The peer of `personalize features` (CustomerFeatureExtractor with the CLI's defaults: the whole history, as of
-- the latest transaction, no category columns), written by hand for DuckDB. {{source}} is replaced by a read_csv or
-- read_parquet call. Same definitions as docs/features.md: an order is (customer, order id), its time is its
-- earliest line; money in exact millionths (banker's rounding, as Math.Round); RFM score = 1 + floor(5 x worse / n).
WITH lines AS (
    SELECT
        customer_id,
        order_id,
        "timestamp" AS ts,
        quantity,
        coalesce(is_return, false) OR quantity < 0 AS is_ret,
        NOT coalesce(is_return, false) AND quantity > 0 AS is_buy,
        coalesce(discount_percent, 0) AS discount,
        lower(channel) = 'online' AS online,
        CAST(round_even(abs(quantity * unit_price * (1 - coalesce(discount_percent, 0) / 100)) * 1e6, 0) AS BIGINT) AS micros
    FROM {{source}}
    WHERE customer_id IS NOT NULL AND customer_id <> ''
),
orders AS (
    SELECT
        customer_id,
        order_id,
        min(ts) AS first_ts,
        count(*) FILTER (WHERE is_buy) AS buy_lines,
        count(*) FILTER (WHERE is_ret) AS ret_lines,
        coalesce(sum(micros) FILTER (WHERE is_buy), 0) AS buy_micros,
        coalesce(sum(micros) FILTER (WHERE is_ret), 0) AS ret_micros,
        coalesce(sum(CAST(round_even(discount * 1e6, 0) AS BIGINT)) FILTER (WHERE is_buy), 0) AS discount_micros,
        coalesce(bool_or(discount > 0) FILTER (WHERE is_buy), false) AS any_discount,
        coalesce(bool_or(online) FILTER (WHERE is_buy), false) AS any_online
    FROM lines
    GROUP BY customer_id, order_id
),
gaps AS (
    SELECT
        customer_id,
        (epoch_us(first_ts) - epoch_us(lag(first_ts) OVER (PARTITION BY customer_id ORDER BY first_ts))) * 10 / 864000000000.0 AS gap_days
    FROM orders
    WHERE buy_lines > 0
),
intervals AS (
    SELECT customer_id, avg(gap_days) AS interval_mean, stddev_pop(gap_days) AS interval_std
    FROM gaps
    WHERE gap_days IS NOT NULL
    GROUP BY customer_id
),
as_of AS (
    SELECT max(ts) AS as_of FROM lines
),
customers AS (
    SELECT
        customer_id,
        count(*) FILTER (WHERE buy_lines > 0) AS frequency,
        count(*) FILTER (WHERE buy_lines > 0 OR ret_lines > 0) AS all_orders,
        count(*) FILTER (WHERE ret_lines > 0) AS return_orders,
        sum(buy_micros) AS gross,
        sum(ret_micros) AS returned,
        sum(discount_micros) AS discount_micros,
        sum(buy_lines) AS buy_lines,
        count(*) FILTER (WHERE any_discount) AS discounted,
        count(*) FILTER (WHERE any_online) AS online,
        min(first_ts) FILTER (WHERE buy_lines > 0) AS first_buy,
        max(first_ts) FILTER (WHERE buy_lines > 0) AS last_buy
    FROM orders
    GROUP BY customer_id
),
features AS (
    SELECT
        c.customer_id,
        (epoch_us(a.as_of) - epoch_us(c.last_buy)) * 10 / 864000000000.0 AS recency_days,
        c.frequency,
        (c.gross - c.returned) / 1e6 AS monetary,
        CASE WHEN c.frequency > 0 THEN c.gross / 1e6 / c.frequency END AS aov,
        (epoch_us(a.as_of) - epoch_us(c.first_buy)) * 10 / 864000000000.0 AS tenure_days,
        CASE WHEN c.frequency >= 2 THEN i.interval_mean END AS interval_mean_days,
        CASE WHEN c.frequency >= 2 THEN i.interval_std END AS interval_std_days,
        CASE WHEN c.buy_lines > 0 THEN c.discount_micros / 1e6 / c.buy_lines END AS avg_discount_percent,
        CASE WHEN c.frequency > 0 THEN c.discounted / c.frequency END AS discounted_order_share,
        CASE WHEN c.frequency > 0 THEN c.online / c.frequency END AS online_share,
        CASE WHEN c.all_orders > 0 THEN c.return_orders / c.all_orders END AS return_rate
    FROM customers c
    CROSS JOIN as_of a
    LEFT JOIN intervals i USING (customer_id)
)
SELECT
    *,
    1 + (5 * (rank() OVER (ORDER BY coalesce(-recency_days, '-infinity'::DOUBLE)) - 1)) // count(*) OVER () AS rfm_r,
    1 + (5 * (rank() OVER (ORDER BY frequency) - 1)) // count(*) OVER () AS rfm_f,
    1 + (5 * (rank() OVER (ORDER BY monetary) - 1)) // count(*) OVER () AS rfm_m
FROM features
ORDER BY customer_id COLLATE "C";
