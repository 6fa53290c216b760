using System.Reflection;

namespace Personalization.Extensions.DependencyInjection.Internal;

/// <summary>The features a model expects: their count and, when the model records them, their names.</summary>
internal sealed record ModelShape(int? FeatureCount, IReadOnlyList<string>? FeatureNames)
{
    /// <summary>Reads the shape from the Core model interfaces, or from public <c>FeatureCount</c> and <c>ColumnNames</c>/<c>FeatureNames</c> properties.</summary>
    public static ModelShape Of(object model)
    {
        int? count = null;
        IReadOnlyList<string>? names = null;
        switch (model)
        {
            case ICentroidClusteringModel<double> c:
                (count, names) = (c.FeatureCount, c.Centroids.ColumnNames);
                break;
            case ICentroidClusteringModel<float> c:
                (count, names) = (c.FeatureCount, c.Centroids.ColumnNames);
                break;
            case IClusteringModel<double> c:
                count = c.FeatureCount;
                break;
            case IClusteringModel<float> c:
                count = c.FeatureCount;
                break;
            case IUpliftModel u:
                count = u.FeatureCount;
                break;
        }

        Type type = model.GetType();
        count ??= type.GetProperty("FeatureCount", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } p && t == typeof(int) ? (int)p.GetValue(model)! : null;
        names ??= Names(type, model, "FeatureNames") ?? Names(type, model, "ColumnNames");
        count ??= names?.Count;
        return new ModelShape(count, names);
    }

    /// <summary>Returns why <paramref name="next"/> cannot replace this shape, or null when it can.</summary>
    public string? Difference(ModelShape next)
    {
        if (FeatureCount is int a && next.FeatureCount is int b && a != b)
        {
            return $"the new model has {b} features but the model in service has {a}{List(FeatureNames)}";
        }

        if (FeatureNames is { } old && next.FeatureNames is { } now && !old.SequenceEqual(now, StringComparer.Ordinal))
        {
            return $"the new model's features ({string.Join(", ", now)}) differ from those of the model in service ({string.Join(", ", old)})";
        }

        return null;
    }

    private static string List(IReadOnlyList<string>? names) => names is null ? "" : $" ({string.Join(", ", names)})";

    private static IReadOnlyList<string>? Names(Type type, object model, string property) =>
        type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is { } p && typeof(IReadOnlyList<string>).IsAssignableFrom(p.PropertyType)
            ? (IReadOnlyList<string>?)p.GetValue(model)
            : null;
}
