namespace Personalization.Conformance.Tests.Harness;

/// <summary>Finds every <c>*.json</c> case below <c>$CONFORMANCE_DIR</c> (default <c>../shared/conformance</c> from the repository root).</summary>
public static class CaseDiscovery
{
    /// <summary>Gets the conformance directory in use.</summary>
    public static string Directory => ResolveDirectory(Environment.GetEnvironmentVariable("CONFORMANCE_DIR"));

    /// <summary>Resolves the conformance directory from an override or the repository root.</summary>
    public static string ResolveDirectory(string? overrideDirectory)
    {
        if (!string.IsNullOrWhiteSpace(overrideDirectory))
        {
            return Path.GetFullPath(overrideDirectory);
        }

        return Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "conformance"));
    }

    /// <summary>Returns the repository root: the nearest ancestor of the test binaries holding Personalization.sln.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Personalization.sln was not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Lists all case files below <paramref name="directory"/>, sorted by relative path.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The conformance directory {directory} does not exist; set CONFORMANCE_DIR or put shared/ beside the repository.");
        }

        return System.IO.Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .OrderBy(f => Path.GetRelativePath(directory, f), StringComparer.Ordinal)
            .ToArray();
    }
}
