using System.Xml.Linq;

namespace Personalization.Core.Tests;

/// <summary>Build-policy conventions every package under src/ must follow.</summary>
public sealed class ConventionTests
{
    [Fact]
    public void SharedSource_DeclaresNoPublicType()
    {
        string common = Path.Combine(ReadmeTests.RepositoryRoot(), "src", "Common");
        string[] files = Directory.GetFiles(common, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var publicType = new System.Text.RegularExpressions.Regex(@"^\s*public\s+((static|sealed|abstract|partial|readonly|ref)\s+)*(class|struct|record|interface|enum)\b", System.Text.RegularExpressions.RegexOptions.Multiline);
        foreach (string file in files)
        {
            Assert.False(publicType.IsMatch(File.ReadAllText(file)), $"{file} declares a public type; shared source is compiled into every package and must stay internal.");
        }
    }

    [Fact]
    public void SrcParallelLoops_RunOnTheChunkParallelDriver()
    {
        // Results must not depend on the thread count: every parallel loop uses src/Common/Parallel (fixed chunks,
        // partials reduced in chunk order).
        var loop = new System.Text.RegularExpressions.Regex(@"\bParallel\.(For|ForEach|ForEachAsync|Invoke)\b");
        foreach (string file in SourceFiles())
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}Common{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.False(loop.IsMatch(File.ReadAllText(file)), $"{file} calls Parallel.For/ForEach/Invoke; use ChunkParallel (src/Common/Parallel) so results do not depend on the thread count.");
        }
    }

    [Fact]
    public void SrcFiles_AtMost400Lines()
    {
        foreach (string file in SourceFiles())
        {
            int lines = File.ReadAllLines(file).Length;
            Assert.True(lines <= 400, $"{file} has {lines} lines; split it by responsibility (partial files Type.Aspect.cs or internal types) to at most 400.");
        }
    }

    private static IEnumerable<string> SourceFiles()
    {
        string src = Path.Combine(ReadmeTests.RepositoryRoot(), "src");
        string bin = $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}";
        string obj = $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}";
        return Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains(bin, StringComparison.Ordinal) && !f.Contains(obj, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
    }

    public static TheoryData<string> SrcProjects()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(ReadmeTests.RepositoryRoot(), "src")).Order(StringComparer.Ordinal))
        {
            // src/Common is shared source compiled into every package (Directory.Build.props), not a project.
            if (File.Exists(Path.Combine(dir, Path.GetFileName(dir) + ".csproj")))
            {
                data.Add(Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_HasDescriptionAndPublicApiFiles(string project)
    {
        string dir = Path.Combine(ReadmeTests.RepositoryRoot(), "src", project);
        XDocument csproj = XDocument.Load(Path.Combine(dir, project + ".csproj"));
        string? description = csproj.Descendants("Description").FirstOrDefault()?.Value;
        Assert.False(string.IsNullOrWhiteSpace(description), $"{project}.csproj needs a <Description> for its NuGet package.");
        Assert.True(File.Exists(Path.Combine(dir, "PublicAPI.Shipped.txt")), $"{project} needs PublicAPI.Shipped.txt.");
        Assert.True(File.Exists(Path.Combine(dir, "PublicAPI.Unshipped.txt")), $"{project} needs PublicAPI.Unshipped.txt.");
    }

    /// <summary>The algorithm packages: they depend on Core only, never on each other.</summary>
    private static readonly HashSet<string> s_algorithmPackages = new(StringComparer.Ordinal)
    {
        "Personalization.Features",
        "Personalization.Clustering",
        "Personalization.Uplift",
        "Personalization.Experiments",
        "Personalization.Monitoring",
    };

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_FollowsTheLayering(string project)
    {
        string dir = Path.Combine(ReadmeTests.RepositoryRoot(), "src", project);
        XDocument csproj = XDocument.Load(Path.Combine(dir, project + ".csproj"));
        foreach (XElement reference in csproj.Descendants("ProjectReference"))
        {
            string referenced = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value);
            if (project == "Personalization.Core")
            {
                Assert.Fail($"Personalization.Core references {referenced}; Core depends on the BCL, System.Numerics.Tensors and MathNet only.");
            }
            else if (s_algorithmPackages.Contains(project))
            {
                Assert.True(referenced == "Personalization.Core", $"{project} references {referenced}; algorithm packages depend on Core only.");
            }
            else if (project == "Personalization.Tool")
            {
                // The tool is the top of the graph: it composes every library package, and nothing references it.
                Assert.True(
                    referenced != project && Directory.Exists(Path.Combine(ReadmeTests.RepositoryRoot(), "src", referenced)),
                    $"{project} references {referenced}; the tool references the library packages under src/ only.");
            }
            else
            {
                // Integration packages (DI, Sql, Segmentation, the tool) compose Core and algorithm packages, not each other.
                Assert.True(
                    referenced == "Personalization.Core" || s_algorithmPackages.Contains(referenced),
                    $"{project} references {referenced}; integration packages reference Core and algorithm packages only.");
            }
        }
    }

    [Fact]
    public void AlgorithmPackages_AllExist()
    {
        foreach (string package in s_algorithmPackages)
        {
            Assert.True(Directory.Exists(Path.Combine(ReadmeTests.RepositoryRoot(), "src", package)), $"src/{package} is missing.");
        }
    }
}
