namespace Personalization.TestData;

/// <summary>Finds the repository and the shared data folder (../shared/data beside it) from the running binaries.</summary>
public static class SharedData
{
    /// <summary>Returns the repository root: the first folder above the binaries that holds Personalization.sln.</summary>
    /// <returns>The full path of the root.</returns>
    /// <exception cref="InvalidOperationException">No such folder.</exception>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Returns the full path of a file of ../shared/data.</summary>
    /// <param name="fileName">The file name, for example <c>hillstrom.csv</c>.</param>
    /// <returns>The path (the file may not exist).</returns>
    public static string Path(string fileName) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot(), "..", "shared", "data", fileName));
}
