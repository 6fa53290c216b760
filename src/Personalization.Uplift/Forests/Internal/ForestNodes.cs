using System.Text.Json;
using Personalization.Persistence;

namespace Personalization.Uplift.Forests.Internal;

/// <summary>
/// The split structure of a forest, all trees in one set of arrays: node i sends a row left when
/// row[Feature[i]] ≤ Threshold[i]; a leaf has Feature[i] = -1. Children always follow their parent.
/// Immutable once built; shared by the uplift and the causal forest models.
/// </summary>
internal sealed class ForestNodes
{
    public ForestNodes(int[] roots, int[] feature, double[] threshold, int[] left, int[] right)
    {
        Roots = roots;
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
    }

    public int[] Roots { get; }

    public int[] Feature { get; }

    public double[] Threshold { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public int TreeCount => Roots.Length;

    public int NodeCount => Feature.Length;

    /// <summary>Concatenates per-tree node lists (local indices, -1 for no child) in tree order.</summary>
    public static ForestNodes Concatenate(IReadOnlyList<TreeNodeLists> trees)
    {
        int total = 0;
        foreach (TreeNodeLists tree in trees)
        {
            total += tree.Feature.Count;
        }

        var roots = new int[trees.Count];
        var feature = new int[total];
        var threshold = new double[total];
        var left = new int[total];
        var right = new int[total];
        int offset = 0;
        for (int t = 0; t < trees.Count; t++)
        {
            TreeNodeLists tree = trees[t];
            roots[t] = offset;
            for (int i = 0; i < tree.Feature.Count; i++)
            {
                feature[offset + i] = tree.Feature[i];
                threshold[offset + i] = tree.Threshold[i];
                left[offset + i] = tree.Left[i] < 0 ? -1 : tree.Left[i] + offset;
                right[offset + i] = tree.Right[i] < 0 ? -1 : tree.Right[i] + offset;
            }

            offset += tree.Feature.Count;
        }

        return new ForestNodes(roots, feature, threshold, left, right);
    }

    /// <summary>The leaf of tree <paramref name="tree"/> that <paramref name="row"/> falls into.</summary>
    public int Leaf(int tree, ReadOnlySpan<double> row)
    {
        int node = Roots[tree];
        while (Feature[node] >= 0)
        {
            node = row[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        }

        return node;
    }

    public void Write(Utf8JsonWriter writer)
    {
        ModelJson.WriteArray(writer, "roots", Roots);
        ModelJson.WriteArray(writer, "feature", Feature);
        ModelJson.WriteArray<double>(writer, "threshold", Threshold);
        ModelJson.WriteArray(writer, "left", Left);
        ModelJson.WriteArray(writer, "right", Right);
    }

    /// <summary>Reads and checks the node arrays: equal lengths, features in range, children after their parent, roots in range.</summary>
    public static ForestNodes Read(JsonElement payload, int featureCount, string what)
    {
        int[] roots = ModelJson.GetInt32Array(payload, "roots");
        int[] feature = ModelJson.GetInt32Array(payload, "feature");
        double[] threshold = ModelJson.GetDoubleArray(payload, "threshold");
        int[] left = ModelJson.GetInt32Array(payload, "left");
        int[] right = ModelJson.GetInt32Array(payload, "right");
        int nodes = feature.Length;
        if (threshold.Length != nodes || left.Length != nodes || right.Length != nodes)
        {
            throw new InvalidDataException($"The saved {what} has node arrays of different lengths.");
        }

        for (int i = 0; i < nodes; i++)
        {
            bool split = feature[i] >= 0;
            if (feature[i] >= featureCount || feature[i] < -1
                || (split && ((uint)left[i] >= (uint)nodes || (uint)right[i] >= (uint)nodes || left[i] <= i || right[i] <= i || double.IsNaN(threshold[i]))))
            {
                throw new InvalidDataException($"The saved {what} has an invalid node {i}.");
            }
        }

        if (roots.Length == 0)
        {
            throw new InvalidDataException($"The saved {what} has no trees.");
        }

        for (int t = 0; t < roots.Length; t++)
        {
            if ((uint)roots[t] >= (uint)nodes || (t > 0 && roots[t] <= roots[t - 1]))
            {
                throw new InvalidDataException($"The saved {what} has an invalid root {roots[t]} for tree {t}.");
            }
        }

        return new ForestNodes(roots, feature, threshold, left, right);
    }
}
