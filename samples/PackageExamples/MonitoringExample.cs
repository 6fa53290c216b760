using Personalization.Monitoring;

namespace PackageExamples;

internal static class MonitoringExample
{
    public static void Run()
    {
        // <readme>
        // Has a feature's distribution moved between last quarter and this one?
        var random = new Random(3);
        double[] reference = Enumerable.Range(0, 5_000).Select(_ => random.NextDouble() * 100).ToArray();
        double[] current = Enumerable.Range(0, 5_000).Select(_ => 10 + (random.NextDouble() * 100)).ToArray();

        PsiResult psi = PopulationStability.Index(reference, current);
        KolmogorovSmirnovResult ks = KolmogorovSmirnov.TwoSample(reference, current);
        Console.WriteLine($"PSI {psi.Index:F3}, KS D = {ks.Statistic:F3}, p = {ks.PValue:G3}");
        // </readme>
    }
}
