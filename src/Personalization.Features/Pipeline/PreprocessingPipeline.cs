namespace Personalization.Features;

/// <summary>
/// Fits the preprocessing steps in order (impute, winsorize, log1p, scale), each on the output of the
/// previous one, into one persistable <see cref="PreprocessingModel"/>, so training and scoring apply
/// identical transforms.
/// </summary>
/// <remarks>
/// Usage: <c>var model = new PreprocessingPipeline(new() { Winsorizer = new() }).Fit(transactions, new CustomerFeatureOptions { WindowDays = 365 });</c>
/// then <c>model.Transform(newTransactions, asOf)</c> at scoring time. The estimator is stateless and thread-safe.
/// </remarks>
public sealed class PreprocessingPipeline : IEstimator<FeatureMatrix<double>, PreprocessingModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for median imputation and standard scaling.</param>
    public PreprocessingPipeline(PreprocessingPipelineOptions? options = null) => Options = options ?? new PreprocessingPipelineOptions();

    /// <summary>Gets the options.</summary>
    public PreprocessingPipelineOptions Options { get; }

    /// <summary>Fits the steps on a feature matrix.</summary>
    /// <param name="input">The training features; NaN marks missing values.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted pipeline, without feature extraction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A step's option is out of range, or the scaler kind is undefined.</exception>
    /// <exception cref="ArgumentException">The data are empty or invalid for a step (the step's message says why).</exception>
    public PreprocessingModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default) =>
        FitSteps(input, null, cancellationToken);

    /// <summary>Extracts customer features from <paramref name="transactions"/> and fits the steps on them.</summary>
    /// <param name="transactions">The training transactions.</param>
    /// <param name="features">The extractor options; their <see cref="CustomerFeatureOptions.AsOf"/> applies to training only (scoring passes its own).</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    /// <returns>The fitted pipeline, which extracts features itself in <see cref="PreprocessingModel.Transform(IEnumerable{Transaction}, DateTime)"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A transaction is invalid, no customer has a transaction, or the features are invalid for a step.</exception>
    public PreprocessingModel Fit(IEnumerable<Transaction> transactions, CustomerFeatureOptions features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(features);
        FeatureMatrix<double> matrix = new CustomerFeatureExtractor(features).Extract(transactions, cancellationToken);
        return FitSteps(matrix, features, cancellationToken);
    }

    private PreprocessingModel FitSteps(FeatureMatrix<double> input, CustomerFeatureOptions? features, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Options.Validate();

        FeatureMatrix<double> current = input;
        ImputerModel? imputer = null;
        WinsorizerModel? winsorizer = null;
        Log1pModel? log1p = null;
        ScalerModel? scaler = null;
        if (Options.Imputer is { } io)
        {
            imputer = new SimpleImputer(io).Fit(current, cancellationToken);
            current = imputer.Transform(current);
        }

        if (Options.Winsorizer is { } wo)
        {
            winsorizer = new Winsorizer(wo).Fit(current, cancellationToken);
            current = winsorizer.Transform(current);
        }

        if (Options.Log1p is { } lo)
        {
            log1p = new Log1pTransform(lo).Fit(current, cancellationToken);
            current = log1p.Transform(current);
        }

        if (Options.Scaler is ScalerKind s)
        {
            scaler = s switch
            {
                ScalerKind.Standard => new StandardScaler().Fit(current, cancellationToken),
                ScalerKind.MinMax => new MinMaxScaler().Fit(current, cancellationToken),
                _ => new RobustScaler().Fit(current, cancellationToken),
            };
        }

        return new PreprocessingModel(input.ColumnNames.ToArray(), features, imputer, winsorizer, log1p, scaler);
    }
}
