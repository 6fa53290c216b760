namespace Personalization.Core.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void QuickStart_InReadme_IsTheCompiledSample()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        string sample = File.ReadAllText(Path.Combine(root, "samples", "QuickStart", "Program.cs")).ReplaceLineEndings("\n").TrimEnd();
        Assert.Contains("```csharp\n" + sample + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_StartsWithExactlyTwoSetUpCommands()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        int open = Array.IndexOf(lines, "```bash");
        Assert.InRange(open, 1, 3);
        int close = Array.IndexOf(lines, "```", open + 1);
        Assert.Equal(2, close - open - 1);
        Assert.StartsWith("dotnet run", lines[open + 1], StringComparison.Ordinal);
        Assert.StartsWith("bash eng/test.sh", lines[open + 2], StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Personalization.sln not found.");
    }
}
