namespace Personalization.Samples;

/// <summary>Finds the repository, the shared data folder beside it, and a sample's output folder.</summary>
public static class SamplePaths
{
    /// <summary>The folder holding Personalization.sln, searched upwards from the app and the current directory.</summary>
    public static string? RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The path of <paramref name="fileName"/> in ../shared/data beside the repository.</summary>
    public static string SharedData(string fileName)
    {
        string? root = RepositoryRoot();
        string? candidate = root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "data", fileName));
        return candidate is not null && File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"Could not find ../shared/data/{fileName} beside the repository; pass the file's path as the first argument.");
    }

    /// <summary>The output folder: the given one, or samples/&lt;sample&gt;/output in the repository (created if needed).</summary>
    public static string OutputFolder(string sampleName, string? requested)
    {
        string folder = requested
            ?? (RepositoryRoot() is { } root ? Path.Combine(root, "samples", sampleName, "output") : Path.Combine(Directory.GetCurrentDirectory(), "output"));
        Directory.CreateDirectory(folder);
        return Path.GetFullPath(folder);
    }
}
