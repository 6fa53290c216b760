namespace Personalization;

/// <summary>A significance test over an input of type <typeparamref name="TInput"/> (samples or sufficient statistics).</summary>
/// <typeparam name="TInput">The test's input.</typeparam>
/// <remarks>Implementations are stateless and thread-safe.</remarks>
public interface ISignificanceTest<in TInput>
{
    /// <summary>Gets the test's name.</summary>
    string Name { get; }

    /// <summary>Runs the test.</summary>
    /// <param name="input">The data.</param>
    /// <param name="alternative">The alternative hypothesis.</param>
    /// <returns>The statistic, p-value and, where defined, estimate and confidence interval.</returns>
    /// <exception cref="ArgumentException">The input is empty, not finite or inconsistent.</exception>
    TestResult Test(TInput input, Alternative alternative = Alternative.TwoSided);
}
