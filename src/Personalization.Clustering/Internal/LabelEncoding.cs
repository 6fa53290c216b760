namespace Personalization.Clustering.Internal;

/// <summary>Maps arbitrary integer labels to compact codes 0..k-1 in ascending order of the label values.</summary>
internal static class LabelEncoding
{
    /// <summary>Writes the compact code of every label into <paramref name="codes"/> and returns the number of distinct labels.</summary>
    public static int Encode(ReadOnlySpan<int> labels, Span<int> codes)
    {
        if (labels.IsEmpty)
        {
            return 0;
        }

        int min = int.MaxValue;
        int max = int.MinValue;
        foreach (int label in labels)
        {
            min = Math.Min(min, label);
            max = Math.Max(max, label);
        }

        long range = (long)max - min + 1;
        if (range <= Math.Max(1024L, 4L * labels.Length))
        {
            // Dense path: a lookup table over [min, max].
            var table = new int[range];
            foreach (int label in labels)
            {
                table[label - min] = 1;
            }

            int next = 0;
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = table[i] != 0 ? next++ : -1;
            }

            for (int i = 0; i < labels.Length; i++)
            {
                codes[i] = table[labels[i] - min];
            }

            return next;
        }

        int[] distinct = labels.ToArray();
        Array.Sort(distinct);
        int count = 0;
        for (int i = 0; i < distinct.Length; i++)
        {
            if (i == 0 || distinct[i] != distinct[i - 1])
            {
                distinct[count++] = distinct[i];
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            codes[i] = Array.BinarySearch(distinct, 0, count, labels[i]);
        }

        return count;
    }

    /// <summary>Returns the compact codes as a new array and the number of distinct labels.</summary>
    public static int[] Encode(ReadOnlySpan<int> labels, out int count)
    {
        int[] codes = new int[labels.Length];
        count = Encode(labels, codes);
        return codes;
    }
}
