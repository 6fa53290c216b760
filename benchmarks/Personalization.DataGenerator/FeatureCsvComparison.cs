using System.Globalization;

namespace Personalization.DataGenerator;

/// <summary>Compares two features.csv files customer by customer: same ids in the same order, same empty cells, numbers within a relative tolerance.</summary>
internal static class FeatureCsvComparison
{
    public static int Run(string expectedPath, string actualPath, double tolerance)
    {
        using var expected = new StreamReader(expectedPath);
        using var actual = new StreamReader(actualPath);
        string[] header = (expected.ReadLine() ?? "").Split(',');
        string[] other = (actual.ReadLine() ?? "").Split(',');
        if (!header.AsSpan().SequenceEqual(other))
        {
            Console.Error.WriteLine($"different columns: {string.Join(',', header)} vs {string.Join(',', other)}");
            return 1;
        }

        long rows = 0;
        double worst = 0;
        string where = "";
        while (true)
        {
            string? a = expected.ReadLine();
            string? b = actual.ReadLine();
            if (a is null || b is null)
            {
                if (a != b)
                {
                    Console.Error.WriteLine($"different row counts: {(a is null ? expectedPath : actualPath)} ends after {rows:N0} rows");
                    return 1;
                }

                break;
            }

            rows++;
            string[] x = a.Split(',');
            string[] y = b.Split(',');
            if (x.Length != header.Length || y.Length != header.Length || x[0] != y[0])
            {
                Console.Error.WriteLine($"row {rows:N0}: '{a}' vs '{b}'");
                return 1;
            }

            for (int c = 1; c < x.Length; c++)
            {
                if (x[c].Length == 0 || y[c].Length == 0)
                {
                    if (x[c].Length != y[c].Length)
                    {
                        Console.Error.WriteLine($"customer {x[0]}, {header[c]}: '{x[c]}' vs '{y[c]}'");
                        return 1;
                    }

                    continue;
                }

                double u = double.Parse(x[c], CultureInfo.InvariantCulture);
                double v = double.Parse(y[c], CultureInfo.InvariantCulture);
                double d = u == v ? 0 : Math.Abs(u - v) / Math.Max(Math.Abs(u), Math.Abs(v));
                if (d > worst)
                {
                    worst = d;
                    where = $" (customer {x[0]}, {header[c]}: {x[c]} vs {y[c]})";
                }
            }
        }

        bool ok = worst <= tolerance;
        Console.WriteLine($"{rows:N0} customers, largest relative difference {worst:G3}{where}: {(ok ? "equal" : "DIFFERENT")} within {tolerance:G3}");
        return ok ? 0 : 1;
    }
}
