using Personalization.Features.Internal;

namespace Personalization.Features;

public sealed partial class CustomerFeatureExtractor
{
    private sealed partial class ExtractionState
    {
        public FeatureMatrix<double> Finish(string[] allNames, int[] selected, string[] names)
        {
            int n = _customerIds.Count;
            int k = _categoryCount;
            int width = allNames.Length;
            long asOf = _options.AsOf is DateTime a ? a.Ticks : (n == 0 ? 0 : _maxTicks);
            long windowStart = _options.WindowDays is int w ? asOf - (w * TimeSpan.TicksPerDay) : long.MinValue;
            double undefined = _options.UndefinedValue;

            // Customers sorted by id: rank[c] is the output row of customer c.
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            string[] ids = _customerIds.ToArray();
            Array.Sort(ids, order, StringComparer.Ordinal);
            var rank = new int[n];
            for (int i = 0; i < n; i++)
            {
                rank[order[i]] = i;
            }

            var first = new long[n];
            var last = new long[n];
            Array.Fill(first, long.MaxValue);
            Array.Fill(last, long.MinValue);
            var frequency = new int[n];
            var allOrders = new int[n];
            var returnOrders = new int[n];
            var gross = new long[n];
            var returned = new long[n];
            var discountMicros = new long[n];
            var purchaseLines = new long[n];
            var discounted = new int[n];
            var online = new int[n];
            var category = new long[n * k];

            ReadOnlySpan<OrderSlot> slots = _orderTable.Slots;
            foreach (ref readonly OrderSlot o in slots)
            {
                if (!o.IsUsed)
                {
                    continue;
                }

                int c = rank[o.Customer];
                bool purchase = (o.Flags & OrderSlot.Purchase) != 0;
                bool returns = (o.Flags & OrderSlot.Return) != 0;
                if (purchase)
                {
                    first[c] = Math.Min(first[c], o.FirstTicks);
                    last[c] = Math.Max(last[c], o.FirstTicks);
                }

                if (o.FirstTicks <= windowStart || (!purchase && !returns))
                {
                    continue;
                }

                allOrders[c]++;
                if (returns)
                {
                    returnOrders[c]++;
                }

                if (purchase)
                {
                    frequency[c]++;
                    discounted[c] += (o.Flags & OrderSlot.Discount) != 0 ? 1 : 0;
                    online[c] += (o.Flags & OrderSlot.Online) != 0 ? 1 : 0;
                }

                if (_moneyPerOrder)
                {
                    AddMoney(o.Number, c, gross, returned, discountMicros, purchaseLines, category);
                }
            }

            if (!_moneyPerOrder)
            {
                // No window: every order counts, and the money was summed per customer as it came.
                for (int i = 0; i < n; i++)
                {
                    AddMoney(i, rank[i], gross, returned, discountMicros, purchaseLines, category);
                }
            }

            // Purchase-order times in the window, grouped by customer (CSR), for the interval statistics.
            var start = new int[n + 1];
            for (int c = 0; c < n; c++)
            {
                start[c + 1] = start[c] + frequency[c];
            }

            var times = new long[start[n]];
            var fill = (int[])start.Clone();
            foreach (ref readonly OrderSlot o in slots)
            {
                if (o.IsUsed && (o.Flags & OrderSlot.Purchase) != 0 && o.FirstTicks > windowStart)
                {
                    int c = rank[o.Customer];
                    times[fill[c]++] = o.FirstTicks;
                }
            }

            var values = new double[n * width];
            for (int c = 0; c < n; c++)
            {
                Span<double> row = values.AsSpan(c * width, width);
                bool everBought = last[c] != long.MinValue;
                int f = frequency[c];
                row[0] = everBought ? Days(asOf - last[c]) : undefined;
                row[1] = f;
                row[2] = (gross[c] - returned[c]) / MicrosPerUnit;
                row[3] = f > 0 ? gross[c] / MicrosPerUnit / f : undefined;
                row[4] = everBought ? Days(asOf - first[c]) : undefined;
                if (f >= 2)
                {
                    Span<long> t = times.AsSpan(start[c], f);
                    t.Sort();
                    double sum = 0;
                    for (int i = 1; i < f; i++)
                    {
                        sum += Days(t[i] - t[i - 1]);
                    }

                    double mean = sum / (f - 1);
                    double ss = 0;
                    for (int i = 1; i < f; i++)
                    {
                        double d = Days(t[i] - t[i - 1]) - mean;
                        ss += d * d;
                    }

                    row[5] = mean;
                    row[6] = Math.Sqrt(ss / (f - 1));
                }
                else
                {
                    row[5] = undefined;
                    row[6] = undefined;
                }

                row[7] = purchaseLines[c] > 0 ? discountMicros[c] / MicrosPerUnit / purchaseLines[c] : undefined;
                row[8] = f > 0 ? (double)discounted[c] / f : undefined;
                row[9] = f > 0 ? (double)online[c] / f : undefined;
                row[10] = allOrders[c] > 0 ? (double)returnOrders[c] / allOrders[c] : undefined;
                if (k > 0)
                {
                    int top = -1;
                    long best = 0;
                    for (int q = 0; q < k; q++)
                    {
                        long m = category[(c * k) + q];
                        row[BaseColumns + q] = gross[c] > 0 ? (double)m / gross[c] : undefined;
                        if (m > best)
                        {
                            best = m;
                            top = q;
                        }
                    }

                    row[BaseColumns + k] = top >= 0 ? top : undefined;
                }
            }

            // RFM quintile scores: 1 + floor(5 x (customers strictly worse) / n).
            var recencyKey = new double[n];
            var frequencyKey = new double[n];
            var monetaryKey = new double[n];
            for (int c = 0; c < n; c++)
            {
                // Lower recency is better; a customer who never bought ranks worst.
                recencyKey[c] = last[c] == long.MinValue ? double.NegativeInfinity : -Days(asOf - last[c]);
                frequencyKey[c] = frequency[c];
                monetaryKey[c] = values[(c * width) + 2];
            }

            Score(recencyKey, values, width, 11);
            Score(frequencyKey, values, width, 12);
            Score(monetaryKey, values, width, 13);

            if (selected.Length == width)
            {
                return FeatureMatrix<double>.FromOwnedArray(values, n, width, names, ids);
            }

            var picked = new double[n * selected.Length];
            for (int c = 0; c < n; c++)
            {
                for (int j = 0; j < selected.Length; j++)
                {
                    picked[(c * selected.Length) + j] = values[(c * width) + selected[j]];
                }
            }

            return FeatureMatrix<double>.FromOwnedArray(picked, n, selected.Length, names, ids);
        }

        /// <summary>Adds money holder <paramref name="holder"/>'s totals (an order's or a customer's) to output row <paramref name="c"/>.</summary>
        private void AddMoney(int holder, int c, long[] gross, long[] returned, long[] discountMicros, long[] purchaseLines, long[] category)
        {
            ref MoneyTotals m = ref _money[holder];
            gross[c] += m.PurchaseMicros;
            returned[c] += m.ReturnMicros;
            discountMicros[c] += m.DiscountMicros;
            purchaseLines[c] += m.PurchaseLines;
            int k = _categoryCount;
            for (int q = 0; q < k; q++)
            {
                category[(c * k) + q] += _categoryMicros[(holder * k) + q];
            }
        }

        private static double Days(long ticks) => (double)ticks / TimeSpan.TicksPerDay;

        private static void Score(double[] key, double[] values, int width, int column)
        {
            int n = key.Length;
            double[] sorted = (double[])key.Clone();
            Array.Sort(sorted);
            for (int c = 0; c < n; c++)
            {
                int less = LowerBound(sorted, key[c]);
                values[(c * width) + column] = 1 + ((5L * less) / n);
            }
        }

        private static int LowerBound(double[] sorted, double value)
        {
            int lo = 0;
            int hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
