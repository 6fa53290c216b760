namespace Personalization.Extensions.DependencyInjection.Internal;

internal static class Names
{
    public static void ThrowIfInvalid(string name, string paramName = "name")
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The name is empty or whitespace; give the estimator or model a non-empty name such as \"segments\".", paramName);
        }
    }
}
