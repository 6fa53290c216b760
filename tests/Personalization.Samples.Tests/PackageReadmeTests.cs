using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Personalization.Samples.Tests;

/// <summary>Each package README's example is the compiled region of samples/PackageExamples, and it runs.</summary>
public sealed partial class PackageReadmeTests
{
    public static TheoryData<string, string> Packages => new()
    {
        { "Personalization.Core", "CoreExample" },
        { "Personalization.Features", "FeaturesExample" },
        { "Personalization.Clustering", "ClusteringExample" },
        { "Personalization.Uplift", "UpliftExample" },
        { "Personalization.Experiments", "ExperimentsExample" },
        { "Personalization.Monitoring", "MonitoringExample" },
        { "Personalization.Extensions.DependencyInjection", "DependencyInjectionExample" },
        { "Personalization.Segmentation", "SegmentationExample" },
        { "Personalization.Sql", "SqlExample" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PackageReadme_Example_IsTheCompiledRegion(string package, string example)
    {
        string root = RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "samples", "PackageExamples", example + ".cs")).ReplaceLineEndings("\n");
        Match region = ReadmeRegion().Match(source);
        Assert.True(region.Success, $"{example}.cs has no // <readme> region.");
        string usings = string.Concat(source.Split('\n').Where(l => l.StartsWith("using ", StringComparison.Ordinal)).Select(l => l + "\n"));
        string body = Dedent(region.Groups[1].Value);
        string readme = File.ReadAllText(Path.Combine(root, "src", package, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + usings + "\n" + body + "\n```", readme, StringComparison.Ordinal);
        Assert.Contains("dotnet add package " + package, readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackageExamples_RunOnTheBundledData_ExitZero()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "PackageExamples.dll");
        var start = new ProcessStartInfo("dotnet", [dll, Path.GetDirectoryName(Outputs.SharedData("online_retail.csv.gz"))!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {stderr}");
        string output = await stdout;
        Assert.Contains("4,339 customers", output, StringComparison.Ordinal);
        Assert.Contains("labels 0 0 0 1 1 1", output, StringComparison.Ordinal);
        Assert.Contains("estimated uplift 0.77 (true 0.77)", output, StringComparison.Ordinal);
        Assert.Contains("customers assigned", output, StringComparison.Ordinal);
        Assert.Contains("406,829 rows accepted, 0 rejected, 4,372 customers", output, StringComparison.Ordinal);
    }

    private static string Dedent(string text)
    {
        string[] lines = text.Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string RepositoryRoot()
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

    [GeneratedRegex(@"// <readme>\n(.*?)\n\s*// </readme>", RegexOptions.Singleline)]
    private static partial Regex ReadmeRegion();
}
