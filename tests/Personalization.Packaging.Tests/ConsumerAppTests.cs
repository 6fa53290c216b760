using System.Diagnostics;

namespace Personalization.Packaging.Tests;

/// <summary>A fresh console app that references the packed packages from a local folder feed (not project
/// references), built and run on the bundled Online Retail file: what a new user does after `dotnet add package`.</summary>
public sealed class ConsumerAppTests
{
    [Fact]
    public async Task ConsoleApp_FromLocalFeed_SegmentsTheBundledData()
    {
        string root = PackageFeed.RepositoryRoot();
        string app = Path.Combine(Path.GetTempPath(), "personalization-consumer-" + Guid.NewGuid().ToString("N"));

        try
        {
            await PackageFeed.WriteConsumerNuGetConfigAsync(app, "consumer-packages");
            await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Personalization.Features" Version="{PackageFeed.Version}" />
                    <PackageReference Include="Personalization.Clustering" Version="{PackageFeed.Version}" />
                  </ItemGroup>
                </Project>
                """);
            // The README's quick start, as a user would paste it.
            File.Copy(Path.Combine(root, "samples", "QuickStart", "Program.cs"), Path.Combine(app, "Program.cs"));
            string data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "online_retail.csv.gz"));

            (int exit, string output) = await RunAsync(app, "run", "-c", "Release", "--", data);

            Assert.True(exit == 0, $"the consumer app failed (exit {exit}):\n{output}");
            Assert.Contains("406,829 rows accepted", output, StringComparison.Ordinal);
            Assert.Contains("segment 3:", output, StringComparison.Ordinal);
            string assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
            Assert.Contains("\"Personalization.Clustering/0.1.0\"", assets, StringComparison.Ordinal);
            Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
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
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
