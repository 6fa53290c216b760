using System.Reflection;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Segmentation;
using Personalization.Uplift;

namespace Personalization.Extensions.DependencyInjection.Tests;

/// <summary>Convention: every public options record of the algorithm and segmentation packages implements <see cref="IValidatableOptions"/>, so AddEstimator can check it at start-up, unless it is listed here with the reason.</summary>
public sealed class OptionsConventionTests
{
    private static readonly Dictionary<string, string> s_exempt = new(StringComparer.Ordinal)
    {
        ["ClusterCountSelectionOptions"] = "its ranges depend on the row count; checked in Select",
        ["PersonaOptions"] = "used by the static PersonaBuilder, not an estimator",
        ["SegmentProfileOptions"] = "used by the static SegmentProfiler, not an estimator",
        ["StandardScalerOptions"] = "two booleans; nothing can be out of range",
        ["Log1pTransformOptions"] = "the column list is checked against the data in Fit",
        ["SLearnerOptions"] = "holds only a learner, whose kind is checked against the outcome in Fit",
        ["TLearnerOptions"] = "holds only a learner, whose kind is checked against the outcome in Fit",
        ["OfferPolicyOptions"] = "its arm economics are checked against the arm count in Assign",
        ["CsvReadOptions"] = "loader options, not an estimator's",
        ["PolicyValueOptions"] = "options of the static PolicyValue.Evaluate (an evaluation, not an estimator); checked against the data's arms there",
        ["RecursiveFeatureEliminationOptions"] = "a feature-selection procedure over another learner, not a DI-registered estimator; its counts are checked against the data in Fit",
    };

    [Fact]
    public void PublicOptionsRecords_ImplementIValidatableOptionsOrAreExempt()
    {
        Assembly[] assemblies = [typeof(KMeans).Assembly, typeof(MinMaxScaler).Assembly, typeof(DRLearner).Assembly, typeof(SegmentationPipeline).Assembly];
        var missing = new List<string>();
        foreach (Assembly assembly in assemblies)
        {
            foreach (Type type in assembly.GetExportedTypes())
            {
                bool isRecord = type.GetMethod("<Clone>$") is not null;
                if (isRecord && type.IsSealed && type.Name.EndsWith("Options", StringComparison.Ordinal)
                    && !typeof(IValidatableOptions).IsAssignableFrom(type) && !s_exempt.ContainsKey(type.Name))
                {
                    missing.Add(type.FullName!);
                }
            }
        }

        Assert.True(missing.Count == 0, "Options records without IValidatableOptions (implement Validate() with the rules Fit uses, or list the type with a reason): " + string.Join(", ", missing));
    }

    [Fact]
    public void ExemptList_NamesOnlyExistingTypesWithoutTheInterface()
    {
        Assembly[] assemblies = [typeof(KMeans).Assembly, typeof(MinMaxScaler).Assembly, typeof(DRLearner).Assembly, typeof(SegmentationPipeline).Assembly];
        Type[] exempt = [.. assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => s_exempt.ContainsKey(t.Name))];

        Assert.Equal(s_exempt.Count, exempt.Length);
        Assert.All(exempt, t => Assert.False(typeof(IValidatableOptions).IsAssignableFrom(t), $"{t.Name} implements IValidatableOptions; remove it from the exempt list."));
    }
}
