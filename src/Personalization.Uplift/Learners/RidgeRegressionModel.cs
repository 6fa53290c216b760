using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>A fitted <see cref="RidgeRegression"/>: prediction = <see cref="Intercept"/> + x · <see cref="Coefficients"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RidgeRegressionModel : IBaseModel, IPersistableModel<RidgeRegressionModel>
{
    private readonly double[] _coefficients;

    internal RidgeRegressionModel(RidgeRegressionOptions options, double intercept, double[] coefficients)
    {
        Options = options;
        Intercept = intercept;
        _coefficients = coefficients;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "RidgeRegressionModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public RidgeRegressionOptions Options { get; }

    /// <summary>Gets the intercept on the raw feature scale.</summary>
    public double Intercept { get; }

    /// <summary>Gets the coefficients on the raw feature scale, one per feature.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <inheritdoc />
    public int FeatureCount => _coefficients.Length;

    /// <inheritdoc />
    /// <remarks>prediction = b + Σ<sub>j</sub> w<sub>j</sub> x<sub>j</sub>.</remarks>
    public void Predict(FeatureMatrix<double> features, Span<double> predictions)
    {
        LearnerChecks.PredictInput(features, FeatureCount, predictions.Length, nameof(predictions));
        LinearModelMath.LinearPredictor(features, Intercept, _coefficients, predictions);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or malformed.</exception>
    public static RidgeRegressionModel ReadPayload(JsonElement payload, int formatVersion)
    {
        double alpha = ModelJson.GetFiniteDouble(payload, "alpha");
        double[] coefficients = ModelJson.GetFiniteDoubleArray(payload, "coefficients");
        if (alpha < 0 || coefficients.Length < 1)
        {
            throw new InvalidDataException($"The saved RidgeRegressionModel has alpha {alpha} and {coefficients.Length} coefficients; alpha must be at least 0 and there must be one coefficient per feature.");
        }

        return new(new RidgeRegressionOptions { Alpha = alpha }, ModelJson.GetFiniteDouble(payload, "intercept"), coefficients);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        ModelJson.WriteDouble(writer, "alpha", Options.Alpha);
        ModelJson.WriteDouble(writer, "intercept", Intercept);
        ModelJson.WriteArray<double>(writer, "coefficients", _coefficients);
        writer.WriteEndObject();
    }
}
