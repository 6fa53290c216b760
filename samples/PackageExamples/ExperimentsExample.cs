using Personalization;
using Personalization.Experiments;

namespace PackageExamples;

internal static class ExperimentsExample
{
    public static void Run()
    {
        // <readme>
        // 10,000 customers per arm: 1,000 conversions without the offer, 1,120 with it.
        var control = new ProportionSummary(count: 10_000, successes: 1_000);
        var treatment = new ProportionSummary(count: 10_000, successes: 1_120);

        TestResult result = TwoProportionZTest.Test(control, treatment);
        Console.WriteLine($"z = {result.Statistic:F3}, p = {result.PValue:G3}");
        // </readme>
    }
}
