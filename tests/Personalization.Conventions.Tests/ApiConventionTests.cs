using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Personalization.Conventions.Tests;

/// <summary>
/// API conventions of every library package, checked by reflection over the public types (as NodaTime's convention
/// tests): options are immutable records, models are sealed and say they are thread-safe, nothing public exposes a
/// mutable array, and no helper type is public. A type breaking a rule for a good reason is listed with the reason.
/// </summary>
public sealed partial class ApiConventionTests
{
    /// <summary>One type from each package under src/ (the tool, an executable, has no public API).</summary>
    private static readonly Assembly[] s_packages =
    [
        typeof(IFittedModel).Assembly,
        typeof(Features.MinMaxScaler).Assembly,
        typeof(Clustering.KMeans).Assembly,
        typeof(Uplift.TLearner).Assembly,
        typeof(Experiments.AdjustedPValues).Assembly,
        typeof(Monitoring.DriftOptions).Assembly,
        typeof(Extensions.DependencyInjection.PersonalizationBuilder).Assembly,
        typeof(Segmentation.SegmentationPipeline).Assembly,
        typeof(Sql.ScoringSql).Assembly,
    ];

    /// <summary>Public members typed <c>T[]</c> that are allowed, with the reason.</summary>
    private static readonly Dictionary<string, string> s_arrayExempt = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Public options types that are not sealed init-only records, with the reason.</summary>
    private static readonly Dictionary<string, string> s_optionsExempt = new(StringComparer.Ordinal)
    {
        ["Personalization.Uplift.CrossFittedLearnerOptions"] = "the abstract base record of the sealed X/DR/R-learner options (only the package derives from it); its properties are init-only",
        ["Personalization.Features.ScalerOptions"] = "the abstract base record of the sealed standard/min-max/robust scaler options, the type of ScalerModel.Options (one model type for the three scalers); it has no properties",
    };

    private static IEnumerable<Type> PublicTypes() => s_packages.SelectMany(a => a.GetExportedTypes()).OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void Packages_AreEveryLibraryProjectUnderSrc()
    {
        string src = Path.Combine(RepositoryRoot(), "src");
        string[] projects = [.. Directory.GetDirectories(src)
            .Select(Path.GetFileName)
            .Where(name => File.Exists(Path.Combine(src, name!, name + ".csproj")) && name != "Personalization.Tool")
            .Select(name => name!)
            .Order(StringComparer.Ordinal)];

        Assert.Equal(projects, s_packages.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OptionsTypes_AreSealedRecordsWithInitOnlyPropertiesAndAParameterlessConstructor()
    {
        var problems = new List<string>();
        Type[] options = [.. PublicTypes().Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && !t.IsInterface && !t.IsEnum)];
        Assert.Contains(typeof(Clustering.KMeansOptions), options);
        Assert.Contains(typeof(Experiments.MixtureSprtOptions), options);
        foreach (Type type in options)
        {
            if (s_optionsExempt.ContainsKey(type.FullName!))
            {
                continue;
            }

            if (!type.IsSealed || type.GetMethod("<Clone>$") is null)
            {
                problems.Add($"{type.FullName} is not a sealed record");
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                problems.Add($"{type.FullName} has no public parameterless constructor (hyperparameters are init-only properties with documented defaults)");
            }

            if (type.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            {
                problems.Add($"{type.FullName} has required members");
            }

            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                MethodInfo? setter = property.GetSetMethod();
                if (setter is not null && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
                {
                    problems.Add($"{type.FullName}.{property.Name} has a public setter (make it init-only)");
                }
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                problems.Add($"{type.FullName}.{field.Name} is a public instance field");
            }
        }

        Assert.True(problems.Count == 0, "Options conventions:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void ModelTypes_AreSealedAndDocumentThreadSafety()
    {
        var problems = new List<string>();
        Type[] models = [.. PublicTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IFittedModel).IsAssignableFrom(t))];
        Assert.Contains(typeof(Clustering.KMeansModel<>), models);
        Assert.Contains(typeof(Uplift.TLearnerModel), models);
        foreach (Type type in models)
        {
            if (!type.IsSealed)
            {
                problems.Add($"{type.FullName} is not sealed");
            }

            string docs = TypeDocs(type);
            if (!ThreadSafe().IsMatch(docs))
            {
                problems.Add($"{type.FullName}'s XML docs (summary/remarks) do not say whether it is thread-safe");
            }
        }

        Assert.True(problems.Count == 0, "Model conventions:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// Public model types without an <c>Options</c> property of their estimator's options type (or, for a model several
    /// estimators produce, a base type of all their options), with the reason.
    /// </summary>
    private static readonly Dictionary<string, string> s_modelOptionsExempt = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void ModelTypes_ExposeTheirEstimatorsOptions()
    {
        var problems = new List<string>();
        Type[] types = [.. PublicTypes()];
        Type[] models = [.. types.Where(t => t.IsClass && !t.IsAbstract && typeof(IFittedModel).IsAssignableFrom(t))];
        foreach (Type model in models)
        {
            if (s_modelOptionsExempt.ContainsKey(model.FullName!))
            {
                continue;
            }

            // The estimators: public types with a public Fit returning this model and a public Options property. The model's
            // Options must be (a base of) one estimator's options type: ScalerModel's ScalerOptions is the base of the three
            // scalers' options; KMeansModel<T> carries KMeansOptions also when Sql's SqlKMeans (SqlKMeansOptions) fits it.
            Type[] optionsTypes =
            [
                .. types
                    .Where(e => e.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.Name == "Fit" && Definition(m.ReturnType) == model))
                    .Select(e => e.GetProperty("Options", BindingFlags.Public | BindingFlags.Instance)?.PropertyType)
                    .OfType<Type>()
                    .Select(Definition)
                    .Distinct(),
            ];
            PropertyInfo? options = model.GetProperty("Options", BindingFlags.Public | BindingFlags.Instance);
            if (options is null)
            {
                problems.Add($"{model.FullName} has no public Options property (estimators' options: {string.Join(", ", optionsTypes.Select(t => t.Name))})");
            }
            else if (optionsTypes.Length == 0 || !Array.Exists(optionsTypes, o => Definition(options.PropertyType).IsAssignableFrom(o)))
            {
                problems.Add($"{model.FullName}.Options is {options.PropertyType.Name}, not its estimator's options type ({string.Join(", ", optionsTypes.Select(t => t.Name))})");
            }
        }

        foreach (string name in s_modelOptionsExempt.Keys)
        {
            Assert.Contains(models, m => m.FullName == name); // no stale exemption
        }

        Assert.True(problems.Count == 0, "Model options conventions:\n" + string.Join("\n", problems));

        static Type Definition(Type t) => t.IsGenericType ? t.GetGenericTypeDefinition() : t;
    }

    [Fact]
    public void PublicTypes_ExposeNoMutableArray()
    {
        const BindingFlags Members = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var problems = new List<string>();
        foreach (Type type in PublicTypes())
        {
            foreach (PropertyInfo property in type.GetProperties(Members))
            {
                Check(type, property.Name, property.PropertyType);
            }

            foreach (FieldInfo field in type.GetFields(Members))
            {
                // A const or readonly field of an array type is still a mutable array.
                Check(type, field.Name, field.FieldType);
            }
        }

        Assert.True(problems.Count == 0, "Public T[] members (use ImmutableArray<T>, IReadOnlyList<T> over a private copy, or ReadOnlySpan<T>):\n" + string.Join("\n", problems));

        void Check(Type type, string member, Type memberType)
        {
            string name = $"{type.FullName}.{member}";
            if (memberType.IsArray && !s_arrayExempt.ContainsKey(name))
            {
                problems.Add($"{name} : {memberType.Name}");
            }
        }
    }

    [Fact]
    public void PublicApiFiles_DeclareNoHelperType()
    {
        var problems = new List<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "src"), "PublicAPI.*.txt", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadLines(file))
            {
                foreach (Match match in HelperName().Matches(line))
                {
                    problems.Add($"{Path.GetFileName(Path.GetDirectoryName(file))}: {match.Value} ({line})");
                }
            }
        }

        Assert.True(problems.Count == 0, "Helper types in the public API (move them to src/Common or make them internal):\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("Personalization.Persistence.ModelJson", true)]
    [InlineData("static Personalization.Validation.Guard.Finite(double value) -> void", true)]
    [InlineData("Personalization.Features.MatrixHelpers", true)]
    [InlineData("Personalization.Clustering.ArrayUtils", true)]
    [InlineData("Personalization.Experiments.GuardrailStatus.Failed = 2 -> Personalization.Experiments.GuardrailStatus", false)]
    [InlineData("Personalization.Persistence.ModelPayload", false)]
    public void HelperName_FlagsHelperTypesOnly(string apiLine, bool flagged) => Assert.Equal(flagged, HelperName().IsMatch(apiLine));

    [Fact]
    public void PublicExtensionsClasses_HoldOnlyExtensionMethods()
    {
        // A public static "…Extensions" class that is not a set of extension methods is a helper in disguise.
        var problems = new List<string>();
        foreach (Type type in PublicTypes().Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Extensions", StringComparison.Ordinal)))
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!method.IsDefined(typeof(ExtensionAttribute)) && !method.IsSpecialName)
                {
                    problems.Add($"{type.FullName}.{method.Name} is not an extension method");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ExemptLists_NameExistingMembers()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Type type in PublicTypes())
        {
            names.Add(type.FullName!);
            foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                names.Add($"{type.FullName}.{member.Name}");
            }
        }

        Assert.All(s_arrayExempt.Keys.Concat(s_optionsExempt.Keys), name => Assert.True(names.Contains(name), $"{name} is exempt but no longer exists; remove it from the list."));
    }

    /// <summary>The summary and remarks of <paramref name="type"/> in its package's XML documentation file.</summary>
    private static string TypeDocs(Type type)
    {
        XDocument xml = s_docs.GetOrAdd(type.Assembly, a => XDocument.Load(Path.ChangeExtension(a.Location, ".xml")));
        string id = "T:" + type.FullName!.Replace('+', '.');
        XElement? member = xml.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == id);
        return member is null ? string.Empty : string.Concat(member.Elements("summary").Concat(member.Elements("remarks")).Select(e => e.Value));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, XDocument> s_docs = new();

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Personalization.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"thread[- ]safe", RegexOptions.IgnoreCase)]
    private static partial Regex ThreadSafe();

    /// <summary>A type name (first segment after the namespace) that says "helper".</summary>
    [GeneratedRegex(@"\b(Guard|ModelJson|\w+Helpers?|\w+Utils?|\w+Utilities)\b")]
    private static partial Regex HelperName();
}
