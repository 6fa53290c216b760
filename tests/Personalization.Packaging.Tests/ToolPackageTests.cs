using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Personalization.Packaging.Tests;

/// <summary>
/// The platform-specific tool packages (.NET 10): Personalization.Tool points to one Personalization.Tool.&lt;rid&gt;
/// package per platform, each with only its platform's natives. The linux-x64 one is installed from the local feed
/// with `dotnet tool install --tool-path` and run on the bundled data, as a user would.
/// </summary>
public sealed class ToolPackageTests
{
    private const long MaxLinuxPackageBytes = 30_000_000;

    private static string RidPackage(string rid) => Path.Combine(PackageFeed.Folder, $"Personalization.Tool.{rid}.{PackageFeed.Version}.nupkg");

    [Fact]
    public void LinuxX64Package_IsUnder30MBAndCarriesOnlyItsNatives()
    {
        string path = RidPackage("linux-x64");
        Assert.True(File.Exists(path), $"{path} was not packed.");
        long size = new FileInfo(path).Length;
        Assert.True(size < MaxLinuxPackageBytes, $"the linux-x64 tool package is {size:N0} bytes; the limit is {MaxLinuxPackageBytes:N0}.");

        using ZipArchive zip = ZipFile.OpenRead(path);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("tools/net10.0/linux-x64/libduckdb.so", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".dylib", StringComparison.Ordinal) || e.EndsWith("duckdb.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("/runtimes/", StringComparison.Ordinal));
    }

    [Fact]
    public void PointerPackage_ListsThePlatformPackagesAndHoldsNoCode()
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(PackageFeed.Folder, $"Personalization.Tool.{PackageFeed.Version}.nupkg"));
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open());
        string settings = reader.ReadToEnd();
        foreach (string rid in (string[])["linux-x64", "linux-arm64", "osx-x64", "osx-arm64", "win-x64"])
        {
            Assert.Contains($"\"{rid}\"", settings, StringComparison.Ordinal);
            Assert.True(File.Exists(RidPackage(rid)), $"Personalization.Tool.{rid} was not packed.");
        }
    }

    [Fact]
    public async Task Tool_InstalledFromTheLocalFeed_PrintsItsVersionAndComputesFeatures()
    {
        string root = PackageFeed.RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "personalization-tool-" + Guid.NewGuid().ToString("N"));
        string toolPath = Path.Combine(work, "tools");
        string output = Path.Combine(work, "out");
        Directory.CreateDirectory(work);
        try
        {
            // A private NuGet cache: the machine-wide one would keep the first 0.1.0 it saw.
            (int exit, string text) = await RunAsync(work, new() { ["NUGET_PACKAGES"] = Path.Combine(work, "nuget") }, "dotnet",
                "tool", "install", "Personalization.Tool", "--version", PackageFeed.Version, "--tool-path", toolPath, "--add-source", PackageFeed.Folder);
            Assert.True(exit == 0, $"dotnet tool install failed (exit {exit}):\n{text}");
            Assert.True(Directory.Exists(Path.Combine(toolPath, ".store", "personalization.tool", PackageFeed.Version, "personalization.tool.linux-x64")), $"the linux-x64 package was not installed:\n{text}");
            string personalize = Path.Combine(toolPath, "personalize");

            (exit, text) = await RunAsync(work, [], personalize, "--version");
            Assert.True(exit == 0, text);
            Assert.Matches(new Regex($@"^personalize {Regex.Escape(PackageFeed.Version)} \(commit [0-9a-f]{{40}}\)\n$"), text.ReplaceLineEndings("\n"));

            // DuckDB computes the features, so the platform's native library must be in the package.
            string data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "online_retail.csv.gz"));
            (exit, text) = await RunAsync(work, [], personalize, "features", "--input", data, "--engine", "duckdb", "--output", output, "--json");
            Assert.True(exit == 0, $"personalize features failed (exit {exit}):\n{text}");
            using JsonDocument summary = JsonDocument.Parse(text);
            Assert.Equal("personalize.features/v1", summary.RootElement.GetProperty("schema").GetString());
            Assert.Equal(406_829, summary.RootElement.GetProperty("input").GetProperty("rowsAccepted").GetInt64());
            Assert.Equal(4_372, summary.RootElement.GetProperty("customers").GetInt32());
            Assert.Equal(4_373, File.ReadLines(Path.Combine(output, "features.csv")).Count());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, Dictionary<string, string> environment, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A child of `dotnet test` must not inherit the test host's MSBuild settings.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
