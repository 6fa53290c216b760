namespace Personalization.Packaging.Tests;

/// <summary>Locates the packed packages and the repository.</summary>
internal static class PackageFeed
{
    public const string Version = "0.1.0";

    public static readonly string[] Packages =
    [
        "Personalization.Core",
        "Personalization.Features",
        "Personalization.Clustering",
        "Personalization.Uplift",
        "Personalization.Experiments",
        "Personalization.Monitoring",
        "Personalization.Extensions.DependencyInjection",
        "Personalization.Segmentation",
        "Personalization.Sql",
        "Personalization.Tool",
    ];

    /// <summary>The folder of .nupkg files; fails (never skips) when the packages were not packed.</summary>
    public static string Folder
    {
        get
        {
            string? folder = Environment.GetEnvironmentVariable("PERSONALIZATION_PACKAGES");
            Assert.False(
                string.IsNullOrEmpty(folder) || !Directory.Exists(folder),
                "PERSONALIZATION_PACKAGES does not name a folder of packed packages. Run the tests with `bash eng/test.sh`, or `bash eng/pack.sh` and `export PERSONALIZATION_PACKAGES=$PWD/artifacts/packages` first.");
            return folder!;
        }
    }

    /// <summary>
    /// Prepares <paramref name="app"/> to restore our packages from the feed: a private package folder
    /// (artifacts/<paramref name="packagesFolder"/>) emptied of our ids first, since a shared cache would keep the first
    /// 0.1.0 it saw and the test would consume stale packages, and a nuget.config that adds the feed to the machine's
    /// sources (which restore everything else). Each test names its own folder, so parallel tests never delete each
    /// other's packages mid-restore.
    /// </summary>
    public static async Task WriteConsumerNuGetConfigAsync(string app, string packagesFolder)
    {
        string packages = Path.Combine(RepositoryRoot(), "artifacts", packagesFolder);
        foreach (string id in Packages)
        {
            string cached = Path.Combine(packages, id.ToLowerInvariant());
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packages}" /></config>
              <packageSources><add key="local" value="{Folder}" /></packageSources>
            </configuration>
            """);
    }

    public static string RepositoryRoot()
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
