using System.Reflection;
using Xunit.Sdk;

namespace Personalization.Conformance.Tests.Harness;

/// <summary>Finds the checkers in this assembly and dispatches cases to them by kind.</summary>
public static class CheckerRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, IConformanceChecker>> s_checkers = new(Discover);

    /// <summary>Gets the checkers by kind.</summary>
    public static IReadOnlyDictionary<string, IConformanceChecker> Checkers => s_checkers.Value;

    /// <summary>Checks a case with the checker for its kind, failing clearly when there is none.</summary>
    public static void Check(ConformanceCase testCase, IReadOnlyDictionary<string, IConformanceChecker>? checkers = null)
    {
        checkers ??= Checkers;
        if (!checkers.TryGetValue(testCase.Kind, out IConformanceChecker? checker))
        {
            throw new XunitException($"{testCase.RelativePath}: no checker for kind {testCase.Kind}");
        }

        checker.Check(testCase);
    }

    private static IReadOnlyDictionary<string, IConformanceChecker> Discover()
    {
        var result = new Dictionary<string, IConformanceChecker>(StringComparer.Ordinal);
        foreach (Type type in typeof(CheckerRegistry).Assembly.GetTypes())
        {
            if (type.IsClass && !type.IsAbstract && typeof(IConformanceChecker).IsAssignableFrom(type)
                && type.GetConstructor(Type.EmptyTypes) is not null
                && type.GetCustomAttribute<HarnessOnlyAttribute>() is null)
            {
                var checker = (IConformanceChecker)Activator.CreateInstance(type)!;
                if (!result.TryAdd(checker.Kind, checker))
                {
                    throw new InvalidOperationException($"Two checkers claim kind '{checker.Kind}'.");
                }
            }
        }

        return result;
    }
}

/// <summary>Marks a checker used only by the harness's own tests, never registered for case files.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class HarnessOnlyAttribute : Attribute
{
}
