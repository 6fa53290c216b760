using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Personalization.Samples.Tests;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md compiles, as written, against the packages: each block becomes the
/// body of a method whose parameters are the inputs the page assumes (declared below, per block), with the usings of
/// every Personalization namespace. A block that does not compile, or a new block without declared inputs, fails here.
/// </summary>
public sealed partial class DocsSnippetTests
{
    /// <summary>The inputs each block assumes, as a parameter list, keyed by "page#block" (blocks numbered from 1 on their page).</summary>
    private static readonly Dictionary<string, string> s_inputs = new(StringComparer.Ordinal)
    {
        ["README.md#1"] = "string[] args",
        ["docs/choosing-k.md#1"] = "FeatureMatrix<double> scaled",
        ["docs/cleaning.md#1"] = "FeatureMatrix<double> features, FeatureMatrix<double> numeric, string?[] trainRegions, string?[] regions, string?[] trainTiers, string?[] tiers, string[] ids",
        ["docs/classification-metrics.md#1"] = "UpliftData train, FeatureMatrix<double> testFeatures, double[] testVisit",
        ["docs/cluster-metrics.md#1"] = "FeatureMatrix<double> scaled, int[] labels, int[] trueLabels",
        ["docs/dependency-injection.md#1"] = "HostBuilder builder",
        ["docs/dependency-injection.md#2"] = "IServiceCollection services, string? modelPath, string trainingTransactions, int clusterCount",
        ["docs/dependency-injection.md#3"] = "IModelRegistry registry, FeatureMatrix<double> row",
        ["docs/experiments-bayesian.md#1"] = "",
        ["docs/experiments-cuped.md#1"] = "double[] metric, double[] preRevenue, bool[] isTreatment",
        ["docs/experiments-means.md#1"] = "double[] controlRevenue, double[] treatmentRevenue, long n, double sum, double sumOfSquares, double[] revenueA, double[] ordersA, double[] revenueB, double[] ordersB",
        ["docs/experiments-multiple-testing.md#1"] = "ProportionSummary control, ProportionSummary armB, ProportionSummary armC, ProportionSummary armD",
        ["docs/experiments-power.md#1"] = "",
        ["docs/experiments-proportions.md#1"] = "bool[] controlOutcomes, bool[] treatmentOutcomes",
        ["docs/experiments-sequential.md#1"] = "IEnumerable<(ProportionSummary, ProportionSummary)> dailyCumulativeSummaries",
        ["docs/experiments-srm.md#1"] = "int[] armIndexOfEachUnit",
        ["docs/experiments.md#1"] = "",
        ["docs/features.md#1"] = "IEnumerable<Transaction> trainingTransactions, DateTime trainAsOf, IEnumerable<Transaction> newTransactions, DateTime scoringAsOf",
        ["docs/getting-started.md#1"] = "",
        ["docs/hierarchical.md#1"] = "FeatureMatrix<double> scaled",
        ["docs/kmeans.md#1"] = "FeatureMatrix<double> features, FeatureMatrix<double> newCustomers, IProgress<FitProgress> progress, double[] weights, CancellationToken token, Func<IEnumerable<FeatureMatrix<float>>> ReadBatches, FeatureMatrix<float> nextBatch",
        ["docs/monitoring.md#1"] = "FeatureMatrix<double> reference, FeatureMatrix<double> current, FeatureMatrix<double> scaledCurrent, KMeans kMeans, KMeansModel<double> previousModel",
        ["docs/personas.md#1"] = "FeatureMatrix<double> unscaledFeatures, int[] labels",
        ["docs/scalers.md#1"] = "FeatureMatrix<double> trainFeatures",
        ["docs/segmentation.md#1"] = "IEnumerable<Transaction> transactions, FeatureMatrix<double> newCustomers",
        ["docs/segmentation.md#2"] = "SegmentationModel model, FeatureMatrix<double> features, DriftReport drift",
        ["docs/sql.md#1"] = "string connectionString",
        ["docs/sql.md#2"] = "SegmentationModel model",
        ["docs/sql.md#3"] = "UpliftData data, IReadOnlyList<string> featureColumns",
        ["docs/sql.md#4"] = "System.Data.Common.DbConnection connection, IReadOnlyList<string> columns",
        ["docs/sql.md#5"] = "System.Data.Common.DbConnection connection",
        ["docs/uplift-metrics.md#1"] = "XLearnerModel model, UpliftData test",
        ["docs/uplift.md#1"] = "FeatureMatrix<double> features, int[] treatment, double[] converted, FeatureMatrix<double> customers, double[] baselineOutcome",
        ["docs/uplift.md#2"] = "UpliftData data, int[] trainRows, int[] testRows",
        ["docs/uplift.md#3"] = "FeatureMatrix<double> x, double[] y",
        ["docs/uplift.md#4"] = "UpliftData data, FeatureMatrix<double> customers, double[] effects",
        ["docs/uplift.md#5"] = "UpliftData data, FeatureMatrix<double> customers",
    };

    /// <summary>Types some pages' inputs need (a host builder with a service collection).</summary>
    private const string SupportTypes = """
        internal sealed class HostBuilder
        {
            public Microsoft.Extensions.DependencyInjection.IServiceCollection Services { get; } = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        }
        """;

    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (string key in ReadBlocks().Keys)
        {
            data.Add(key);
        }

        return data;
    }

    [Fact]
    public void EveryBlock_HasDeclaredInputs_AndEveryDeclaredBlockExists()
    {
        string[] blocks = [.. ReadBlocks().Keys];

        Assert.Empty(blocks.Except(s_inputs.Keys).Select(k => $"{k} has no inputs declared in DocsSnippetTests.s_inputs"));
        Assert.Empty(s_inputs.Keys.Except(blocks).Select(k => $"{k} is declared in DocsSnippetTests.s_inputs but is no longer a csharp block"));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_CompilesAsWritten(string key)
    {
        string block = ReadBlocks()[key];
        Assert.True(s_inputs.TryGetValue(key, out string? inputs), $"{key} has no inputs declared in DocsSnippetTests.s_inputs.");

        CSharpCompilation compilation = Compile("DocsSnippet", key, Source(block, inputs));
        string[] errors = [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];

        Assert.True(errors.Length == 0, $"{key} does not compile:\n{string.Join("\n", errors)}\n\nblock:\n{block}");
    }

    /// <summary>
    /// Blocks that need no inputs are also run, as written but for the file names they read or write, which are
    /// replaced by the bundled data and a temporary folder (no change of the process's working directory).
    /// </summary>
    public static TheoryData<string> RunnableBlocks() => new("docs/getting-started.md#1", "docs/experiments-bayesian.md#1", "docs/experiments-power.md#1");

    [Theory]
    [MemberData(nameof(RunnableBlocks))]
    public void Block_RunsAsWritten(string key)
    {
        Assert.Equal(string.Empty, s_inputs[key]);
        string temp = Directory.CreateTempSubdirectory("pz-docs-run-").FullName;
        try
        {
            string data = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data"));
            string block = ReadBlocks()[key]
                .Replace("\"online_retail.csv.gz\"", Literal(Path.Combine(data, "online_retail.csv.gz")), StringComparison.Ordinal)
                .Replace("\"kmeans.model.json\"", Literal(Path.Combine(temp, "kmeans.model.json")), StringComparison.Ordinal);
            CSharpCompilation compilation = Compile("DocsSnippetRun" + Guid.NewGuid().ToString("N"), key, Source(block, s_inputs[key]));
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
            Assert.True(emitted.Success, $"{key} does not compile:\n{string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
            MethodInfo run = Assembly.Load(image.ToArray()).GetType("DocsSnippets.Snippet")!.GetMethod("Run")!;
            try
            {
                run.Invoke(null, null);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                Assert.Fail($"{key} throws as written: {ex.InnerException}");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }

        static string Literal(string path) => "@\"" + path.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The block as the body of <c>DocsSnippets.Snippet.Run(inputs)</c>, its leading using directives lifted to the file, with the
    /// usings of every Personalization namespace and the support types.</summary>
    private static string Source(string block, string inputs)
    {
        var usings = new StringBuilder();
        var body = new StringBuilder();
        foreach (string line in block.Split('\n'))
        {
            bool directive = body.Length == 0 && line.StartsWith("using ", StringComparison.Ordinal) && !line.StartsWith("using (", StringComparison.Ordinal) && !line.StartsWith("using var ", StringComparison.Ordinal);
            (directive ? usings : body).Append(line).Append('\n');
        }

        return GlobalUsings() + usings + "\nnamespace DocsSnippets;\n\n" + SupportTypes + "\n\ninternal static class Snippet\n{\n    public static void Run(" + inputs + ")\n    {\n#line 1\n" + body + "    }\n}\n";
    }

    /// <summary>A library of the snippet's source against the packages, with the page's key as the file name of its errors.</summary>
    private static CSharpCompilation Compile(string assemblyName, string key, string source) =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: key)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>The csharp blocks of README.md and docs/*.md, keyed "page#n".</summary>
    private static Dictionary<string, string> ReadBlocks()
    {
        string root = RepositoryRoot();
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        IEnumerable<string> pages = new[] { Path.Combine(root, "README.md") }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal));
        foreach (string page in pages)
        {
            string text = File.ReadAllText(page).ReplaceLineEndings("\n");
            string name = Path.GetRelativePath(root, page).Replace('\\', '/');
            int n = 0;
            foreach (Match m in CSharpBlock().Matches(text))
            {
                blocks[$"{name}#{++n}"] = m.Groups[1].Value;
            }
        }

        return blocks;
    }

    private static string GlobalUsings()
    {
        var namespaces = new SortedSet<string>(StringComparer.Ordinal)
        {
            "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks",
            "Microsoft.Extensions.DependencyInjection", "Npgsql",
        };
        foreach (string dll in Directory.GetFiles(AppContext.BaseDirectory, "Personalization.*.dll"))
        {
            string name = Path.GetFileNameWithoutExtension(dll);
            if (name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Type type in Assembly.LoadFrom(dll).GetExportedTypes())
            {
                if (type.Namespace is { } ns && ns.StartsWith("Personalization", StringComparison.Ordinal) && !ns.StartsWith("Personalization.Samples", StringComparison.Ordinal))
                {
                    namespaces.Add(ns);
                }
            }
        }

        return string.Concat(namespaces.Select(ns => $"using {ns};\n"));
    }

    private static MetadataReference[] LoadReferences()
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            byName.TryAdd(Path.GetFileName(path), path);
        }

        foreach (string path in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
        {
            byName.TryAdd(Path.GetFileName(path), path);
        }

        var references = new List<MetadataReference>();
        foreach (string path in byName.Values.Order(StringComparer.Ordinal))
        {
            try
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
            catch (BadImageFormatException)
            {
                // A native library next to the managed ones (DuckDB's), not a reference.
            }
        }

        return [.. references];
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

    [GeneratedRegex(@"^```csharp\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();
}
