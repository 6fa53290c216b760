namespace Personalization.Clustering;

/// <summary>Hyperparameters of <see cref="KMeans"/>. Constructing options does no work; <see cref="KMeans"/> validates them in <c>Fit</c>.</summary>
/// <remarks>
/// The tolerance is scikit-learn's: iteration stops when the labels no longer change, or when
/// <c>sum_c ||c_new - c_old||^2 &lt;= Tolerance * mean_j Var(x_j)</c> (the unweighted per-column
/// population variance of the training data, averaged over columns).
/// </remarks>
public sealed record KMeansOptions : IValidatableOptions
{
    /// <summary>Gets the number of clusters k.</summary>
    /// <value>8 (scikit-learn's default). Must be at least 1 and at most the number of rows.</value>
    public int ClusterCount { get; init; } = 8;

    /// <summary>Gets the most Lloyd (or Hamerly) iterations per restart.</summary>
    /// <value>300. Must be at least 1.</value>
    public int MaxIterations { get; init; } = 300;

    /// <summary>Gets the convergence tolerance, relative to the mean column variance of the data.</summary>
    /// <value>1e-4 (scikit-learn's default). 0 iterates until the labels stop changing. Must be finite and at least 0.</value>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Gets the number of restarts from different seeds; the fit with the lowest inertia is kept (scikit-learn's <c>n_init</c>).</summary>
    /// <value>1. Must be at least 1. Ignored (treated as 1) when <see cref="Initialization"/> is <see cref="KMeansInitialization.Given"/>.</value>
    public int Restarts { get; init; } = 1;

    /// <summary>Gets the seed of every random choice; the same seed gives an identical model for any degree of parallelism.</summary>
    /// <value>0.</value>
    public int Seed { get; init; }

    /// <summary>Gets how the starting centroids are chosen.</summary>
    /// <value><see cref="KMeansInitialization.KMeansPlusPlus"/>.</value>
    public KMeansInitialization Initialization { get; init; } = KMeansInitialization.KMeansPlusPlus;

    /// <summary>Gets the starting centroids used when <see cref="Initialization"/> is <see cref="KMeansInitialization.Given"/>: one row per cluster, one column per feature.</summary>
    /// <value><see langword="null"/>. Required (with <see cref="ClusterCount"/> rows and the data's column count) for <see cref="KMeansInitialization.Given"/>.</value>
    public FeatureMatrix<double>? InitialCentroids { get; init; }

    /// <summary>Gets the exact iteration algorithm.</summary>
    /// <value><see cref="KMeansAlgorithm.Lloyd"/>.</value>
    public KMeansAlgorithm Algorithm { get; init; } = KMeansAlgorithm.Lloyd;

    /// <summary>Gets the most threads a fit or prediction uses; -1 uses every processor. Results do not depend on it.</summary>
    /// <value>-1. Must be -1 or at least 1.</value>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, <see cref="Tolerance"/> is negative or NaN, <see cref="MaxDegreeOfParallelism"/> is neither -1 nor at least 1, or <see cref="Initialization"/> or <see cref="Algorithm"/> is undefined; the exception names the option (for example <c>options.ClusterCount</c>).</exception>
    public void Validate() => Internal.KMeansChecks.ValidateOptions(this);
}
