namespace Personalization.Conformance.Tests.Harness;

/// <summary>
/// Checks every case file of one kind. Add a checker as a new file under <c>Checkers/</c>; the
/// registry finds it by reflection, so no list needs editing (remove the kind from
/// <see cref="PendingKinds"/> in the same change).
/// </summary>
public interface IConformanceChecker
{
    /// <summary>Gets the <c>kind</c> this checker handles.</summary>
    string Kind { get; }

    /// <summary>Runs our implementation on the case input and asserts the expected output within tolerance.</summary>
    void Check(ConformanceCase testCase);
}
