namespace Personalization.Uplift.Forests.Internal;

/// <summary>Seeded row sampling shared by the forests: tree samples, their rows, and honest halves.</summary>
internal static class ForestSampling
{
    /// <summary>The multiplicity of every row in a sample of <paramref name="size"/> draws (with replacement when <paramref name="bootstrap"/>).</summary>
    public static double[] Draw(Random rng, int n, int size, bool bootstrap)
    {
        var w = new double[n];
        if (bootstrap)
        {
            for (int i = 0; i < size; i++)
            {
                w[rng.Next(n)] += 1;
            }

            return w;
        }

        foreach (int r in Subsample(rng, Identity(n), size))
        {
            w[r] = 1;
        }

        return w;
    }

    /// <summary>The first <paramref name="size"/> entries of a seeded partial shuffle of <paramref name="pool"/>, in increasing order.</summary>
    public static int[] Subsample(Random rng, int[] pool, int size)
    {
        int[] copy = (int[])pool.Clone();
        for (int i = 0; i < size; i++)
        {
            int j = rng.Next(i, copy.Length);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        int[] result = copy[..size];
        Array.Sort(result);
        return result;
    }

    /// <summary>The rows with a positive weight, in row order.</summary>
    public static int[] Rows(double[] w)
    {
        int count = 0;
        foreach (double v in w)
        {
            count += v > 0 ? 1 : 0;
        }

        var rows = new int[count];
        int next = 0;
        for (int r = 0; r < w.Length; r++)
        {
            if (w[r] > 0)
            {
                rows[next++] = r;
            }
        }

        return rows;
    }

    /// <summary>Splits <paramref name="rows"/> into two halves, stratified by <paramref name="group"/>: within each group the rows are shuffled and dealt alternately; both halves stay in row order.</summary>
    public static (int[] First, int[] Second) Halves(Random rng, int[] rows, int[] group, int groups)
    {
        var byGroup = new List<int>[groups];
        for (int g = 0; g < groups; g++)
        {
            byGroup[g] = [];
        }

        foreach (int r in rows)
        {
            byGroup[group[r]].Add(r);
        }

        var first = new List<int>(rows.Length / 2 + 1);
        var second = new List<int>(rows.Length / 2 + 1);
        foreach (List<int> members in byGroup)
        {
            int[] shuffled = [.. members];
            rng.Shuffle(shuffled);
            for (int i = 0; i < shuffled.Length; i++)
            {
                (i % 2 == 0 ? first : second).Add(shuffled[i]);
            }
        }

        int[] a = [.. first], b = [.. second];
        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    public static int[] Identity(int n)
    {
        var rows = new int[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = i;
        }

        return rows;
    }
}
