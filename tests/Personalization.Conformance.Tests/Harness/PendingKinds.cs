namespace Personalization.Conformance.Tests.Harness;

/// <summary>
/// Kinds whose checker has not landed yet. Their case files are left out of the run, visibly:
/// <c>ConformanceTests.PendingKinds_AreListedAndStillWithoutChecker</c> prints them and fails when a
/// kind here already has a checker. The issue that implements a kind removes it from this list.
/// This list must be empty when all first-release issues are done.
/// </summary>
public static class PendingKinds
{
    /// <summary>Gets the pending kinds.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
    };
}
