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
