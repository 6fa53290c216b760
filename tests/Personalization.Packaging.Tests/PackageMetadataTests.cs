using System.IO.Compression;
using System.Xml.Linq;

namespace Personalization.Packaging.Tests;

public sealed class PackageMetadataTests
{
    public static TheoryData<string> Packages => new(PackageFeed.Packages);

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_CarriesLicenceReadmeIconReleaseNotesAndOwnTags(string id)
    {
        string path = Path.Combine(PackageFeed.Folder, $"{id}.{PackageFeed.Version}.nupkg");
        Assert.True(File.Exists(path), $"{path} was not packed.");
        using ZipArchive zip = ZipFile.OpenRead(path);
        Assert.NotNull(zip.GetEntry("LICENSE"));
        Assert.NotNull(zip.GetEntry("icon.png"));
        ZipArchiveEntry readme = zip.GetEntry("README.md")!;
        Assert.NotNull(readme);
        using (var reader = new StreamReader(readme.Open()))
        {
            string text = reader.ReadToEnd();
            Assert.StartsWith("# " + id + "\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.DoesNotContain("../shared", text, StringComparison.Ordinal);
        }

        ZipArchiveEntry nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument document;
        using (Stream stream = nuspec.Open())
        {
            document = XDocument.Load(stream);
        }

        XNamespace ns = document.Root!.Name.Namespace;
        XElement metadata = document.Root.Element(ns + "metadata")!;
        Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
        Assert.Equal("icon.png", metadata.Element(ns + "icon")?.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "releaseNotes")?.Value), $"{id} has no release notes.");
        string[] tags = metadata.Element(ns + "tags")!.Value.Split(' ');
        Assert.Contains("personalization", tags);
        Assert.True(tags.Length > 3, $"{id} has only the shared tags: {string.Join(' ', tags)}.");
        Assert.NotNull(metadata.Element(ns + "repository")?.Attribute("commit"));
    }

    [Fact]
    public void Packages_HaveDistinctTags()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in PackageFeed.Packages)
        {
            using ZipArchive zip = ZipFile.OpenRead(Path.Combine(PackageFeed.Folder, $"{id}.{PackageFeed.Version}.nupkg"));
            using Stream stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            XDocument document = XDocument.Load(stream);
            string tags = document.Descendants(document.Root!.Name.Namespace + "tags").Single().Value;
            Assert.True(seen.Add(tags), $"{id} repeats the tags of another package: {tags}.");
        }
    }
}
