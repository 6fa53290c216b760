namespace Personalization.Monitoring.Tests;

/// <summary>Deterministic samples shared with the reference script (SplitMix64, 53-bit uniforms).</summary>
internal static class TestData
{
    public static double[] SplitMix(ulong seed, int count, double scale = 1.0, double shift = 0.0)
    {
        var values = new double[count];
        ulong s = seed;
        for (int i = 0; i < count; i++)
        {
            s += 0x9E3779B97F4A7C15UL;
            ulong z = s;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            double u = (z >> 11) * (1.0 / 9007199254740992.0);
            values[i] = (u * scale) + shift;
        }

        return values;
    }

    public static void Close(double expected, double actual, double rel, double abs = 0.0)
    {
        double tolerance = abs + (rel * Math.Abs(expected));
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"expected {expected:R} but got {actual:R} (|diff| {Math.Abs(actual - expected):E3} > {tolerance:E3})");
    }
}
