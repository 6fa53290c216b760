using System.Xml.Linq;

namespace Personalization.Core.Tests;

/// <summary>Build-policy conventions every package under src/ must follow.</summary>
public sealed class ConventionTests
{
    public static TheoryData<string> SrcProjects()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(ReadmeTests.RepositoryRoot(), "src")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
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

    [Theory]
    [MemberData(nameof(SrcProjects))]
    public void SrcProject_DependsOnlyOnCore(string project)
    {
        string dir = Path.Combine(ReadmeTests.RepositoryRoot(), "src", project);
        XDocument csproj = XDocument.Load(Path.Combine(dir, project + ".csproj"));
        foreach (XElement reference in csproj.Descendants("ProjectReference"))
        {
            string include = reference.Attribute("Include")!.Value;
            Assert.True(include.EndsWith("Personalization.Core.csproj", StringComparison.Ordinal), $"{project} references {include}; algorithm packages depend on Core only.");
        }
    }
}
