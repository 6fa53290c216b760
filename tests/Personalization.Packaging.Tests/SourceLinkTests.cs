using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Personalization.Packaging.Tests;

/// <summary>The symbol packages' PDBs carry a Source Link record that maps their sources to the repository at the packed commit.</summary>
public sealed class SourceLinkTests
{
    private const string Repository = "https://github.com/personalization-dotnet/personalization";
    private const string ToolPackageId = "Personalization.Tool";

    /// <summary>The kind of the Source Link custom debug information in a portable PDB.</summary>
    private static readonly Guid s_sourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Packages => new(PackageFeed.Packages);

    [Theory]
    [MemberData(nameof(Packages))]
    public void SymbolPackage_PdbSourceLinkPointsAtTheRepositoryAtThePackedCommit(string id)
    {
        string commit = NuspecRepository(id, out string url);
        Assert.Equal(Repository, url);
        Assert.Matches("^[0-9a-f]{40}$", commit);

        // The tool's binaries (and symbols) ship in its platform-specific packages, under tools/; libraries under lib/.
        bool tool = id == ToolPackageId;
        string symbolPackage = tool ? $"{id}.linux-x64" : id;
        string pdbName = tool ? $"tools/net10.0/linux-x64/{id}.pdb" : $"lib/net10.0/{id}.pdb";
        string path = Path.Combine(PackageFeed.Folder, $"{symbolPackage}.{PackageFeed.Version}.snupkg");
        Assert.True(File.Exists(path), $"{path} was not packed (IncludeSymbols with SymbolPackageFormat snupkg).");
        using ZipArchive zip = ZipFile.OpenRead(path);
        ZipArchiveEntry? pdbEntry = zip.GetEntry(pdbName);
        Assert.True(pdbEntry is not null, $"{path} holds no {pdbName}.");
        using var pdb = new MemoryStream();
        using (Stream stream = pdbEntry.Open())
        {
            stream.CopyTo(pdb);
        }

        pdb.Position = 0;
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        MetadataReader reader = provider.GetMetadataReader();
        string? json = null;
        foreach (CustomDebugInformationHandle handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            CustomDebugInformation info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == s_sourceLinkKind)
            {
                json = Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        Assert.True(json is not null, $"{id}.pdb has no Source Link record; set RepositoryUrl and build from a git clone (Directory.Build.props).");
        using JsonDocument sourceLink = JsonDocument.Parse(json);
        JsonProperty[] documents = [.. sourceLink.RootElement.GetProperty("documents").EnumerateObject()];
        JsonProperty root = Assert.Single(documents);
        Assert.EndsWith("*", root.Name, StringComparison.Ordinal);
        Assert.Equal($"https://raw.githubusercontent.com/personalization-dotnet/personalization/{commit}/*", root.Value.GetString());

        // The mapping covers the package's own sources.
        string prefix = root.Name[..^1];
        string[] sources = [.. reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).Where(n => n.EndsWith(".cs", StringComparison.Ordinal))];
        Assert.NotEmpty(sources);
        Assert.Contains(sources, n => n.StartsWith(prefix + "src/" + id + "/", StringComparison.Ordinal));
    }

    private static string NuspecRepository(string id, out string url)
    {
        using ZipArchive zip = ZipFile.OpenRead(Path.Combine(PackageFeed.Folder, $"{id}.{PackageFeed.Version}.nupkg"));
        using Stream stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XDocument document = XDocument.Load(stream);
        XElement repository = document.Descendants(document.Root!.Name.Namespace + "repository").Single();
        url = repository.Attribute("url")?.Value ?? string.Empty;
        return repository.Attribute("commit")?.Value ?? string.Empty;
    }
}
