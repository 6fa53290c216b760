namespace Personalization.Features;

/// <summary>Options of <see cref="PreprocessingPipeline"/>: which steps run, in the fixed order impute, winsorize, log1p, scale.</summary>
public sealed record PreprocessingPipelineOptions : IValidatableOptions
{
    /// <summary>Gets the imputer options, or <see langword="null"/> to skip imputation (NaN then fails at scaling).</summary>
    /// <value>Default: median imputation.</value>
    public SimpleImputerOptions? Imputer { get; init; } = new();

    /// <summary>Gets the winsorizer options, or <see langword="null"/> to skip capping.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public WinsorizerOptions? Winsorizer { get; init; }

    /// <summary>Gets the log transform options, or <see langword="null"/> to skip it.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public Log1pTransformOptions? Log1p { get; init; }

    /// <summary>Gets the scaler, or <see langword="null"/> to skip scaling.</summary>
    /// <value>Default <see cref="ScalerKind.Standard"/>.</value>
    public ScalerKind? Scaler { get; init; } = ScalerKind.Standard;

    /// <summary>Checks every option that does not depend on the data; <c>Fit</c> calls it, and so does the DI validator at start-up.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Scaler"/> is undefined, or an option of <see cref="Imputer"/> or <see cref="Winsorizer"/> is out of range.</exception>
    public void Validate()
    {
        if (Scaler is ScalerKind kind && !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(Scaler), kind, "Scaler must be Standard, MinMax, Robust or null.");
        }

        Imputer?.Validate();
        Winsorizer?.Validate();
    }
}
