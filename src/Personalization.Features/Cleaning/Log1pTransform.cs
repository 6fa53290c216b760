namespace Personalization.Features;

/// <summary>Compresses skewed columns (spend, frequency) with <c>log(1 + x)</c>; fitting only records the columns.</summary>
/// <remarks>The estimator is stateless and thread-safe.</remarks>
public sealed class Log1pTransform : IEstimator<FeatureMatrix<double>, Log1pModel>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="options">The options; <see langword="null"/> for all columns, unsigned.</param>
    public Log1pTransform(Log1pTransformOptions? options = null) => Options = options ?? new Log1pTransformOptions();

    /// <summary>Gets the options.</summary>
    public Log1pTransformOptions Options { get; }

    /// <summary>Records which columns of <paramref name="input"/> are transformed.</summary>
    /// <param name="input">The training data (only its column names are used).</param>
    /// <param name="cancellationToken">Not used; the fit is instant.</param>
    /// <returns>The fitted transform.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">A column in <see cref="Log1pTransformOptions.Columns"/> is not in <paramref name="input"/>.</exception>
    public Log1pModel Fit(FeatureMatrix<double> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var apply = new bool[input.ColumnCount];
        if (Options.Columns is null)
        {
            Array.Fill(apply, true);
        }
        else
        {
            foreach (string name in Options.Columns)
            {
                apply[input.ColumnIndex(name)] = true;
            }
        }

        return new Log1pModel(input.ColumnNames.ToArray(), apply, Options.Signed);
    }
}
