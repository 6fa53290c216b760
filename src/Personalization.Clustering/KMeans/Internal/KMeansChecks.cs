using System.Numerics;
using Personalization.Validation;

namespace Personalization.Clustering.Internal;

/// <summary>The checks and seed mixing that K-Means, its model and mini-batch K-Means share (validated once at the public boundary).</summary>
internal static class KMeansChecks
{
    /// <summary>Validates <paramref name="options"/>, throwing <see cref="ArgumentOutOfRangeException"/> for the first bad value.</summary>
    public static void ValidateOptions(KMeansOptions options)
    {
        Guard.Positive(options.ClusterCount, "options.ClusterCount");
        Guard.Positive(options.MaxIterations, "options.MaxIterations");
        Guard.NonNegative(options.Tolerance, "options.Tolerance");
        Guard.Positive(options.Restarts, "options.Restarts");
        if (options.MaxDegreeOfParallelism != -1 && options.MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException("options.MaxDegreeOfParallelism", options.MaxDegreeOfParallelism, $"options.MaxDegreeOfParallelism must be -1 (all processors) or at least 1, but was {options.MaxDegreeOfParallelism}.");
        }

        if (!Enum.IsDefined(options.Initialization))
        {
            throw new ArgumentOutOfRangeException("options.Initialization", options.Initialization, "options.Initialization is not a defined KMeansInitialization value.");
        }

        if (!Enum.IsDefined(options.Algorithm))
        {
            throw new ArgumentOutOfRangeException("options.Algorithm", options.Algorithm, "options.Algorithm is not a defined KMeansAlgorithm value.");
        }
    }

    /// <summary>Throws <see cref="NotSupportedException"/> unless <typeparamref name="T"/> is float or double.</summary>
    public static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"K-Means supports FeatureMatrix<float> and FeatureMatrix<double>, not FeatureMatrix<{typeof(T).Name}>; convert the matrix with Convert<double>().");
        }
    }

    /// <summary>Checks the data, returning nothing; throws for null, empty, non-finite or fewer rows than clusters.</summary>
    public static void CheckData<T>(FeatureMatrix<T> data, int clusterCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        data.ThrowIfEmptyOrNotFinite(nameof(data));
        if (clusterCount > data.RowCount)
        {
            throw new ArgumentException($"options.ClusterCount is {clusterCount} but data has only {data.RowCount} rows; k must not exceed the number of rows. Lower ClusterCount or add data.", nameof(data));
        }
    }

    /// <summary>Checks sample weights against the data and returns a copy.</summary>
    public static double[] CheckWeights<T>(ReadOnlySpan<double> sampleWeights, FeatureMatrix<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (sampleWeights.Length != data.RowCount)
        {
            throw new ArgumentException($"sampleWeights has {sampleWeights.Length} weights but data has {data.RowCount} rows; give one weight per row.", nameof(sampleWeights));
        }

        Guard.AllNonNegative(sampleWeights);
        return sampleWeights.ToArray();
    }

    /// <summary>The seed of restart <paramref name="restart"/>: a fixed mix of the option seed and the restart number.</summary>
    public static int RestartSeed(int seed, int restart)
    {
        ulong z = ((ulong)(uint)seed << 32) + (ulong)restart + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
