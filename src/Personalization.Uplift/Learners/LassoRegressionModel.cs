using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>A fitted <see cref="LassoRegression"/>: prediction = <see cref="Intercept"/> + x · <see cref="Coefficients"/>.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LassoRegressionModel : IBaseModel, IPersistableModel<LassoRegressionModel>
{
    private readonly double[] _coefficients;

    internal LassoRegressionModel(LassoRegressionOptions options, double alpha, double intercept, double[] coefficients)
    {
        Options = options;
        Alpha = alpha;
        Intercept = intercept;
        _coefficients = coefficients;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "LassoRegressionModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public LassoRegressionOptions Options { get; }

    /// <summary>Gets the penalty the coefficients were fitted with: <see cref="LassoRegressionOptions.Alpha"/> when set, otherwise the cross-validated choice.</summary>
    public double Alpha { get; }

    /// <summary>Gets the intercept on the raw feature scale.</summary>
    public double Intercept { get; }

    /// <summary>Gets the coefficients on the raw feature scale, one per feature; the lasso sets some exactly to 0.</summary>
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
    /// <exception cref="InvalidDataException">A field is missing, malformed or out of range.</exception>
    public static LassoRegressionModel ReadPayload(JsonElement payload, int formatVersion)
    {
        JsonElement optionAlpha = ModelJson.GetProperty(payload, "optionAlpha");
        var options = new LassoRegressionOptions
        {
            Alpha = optionAlpha.ValueKind == JsonValueKind.Null ? null : ModelJson.GetFiniteDouble(payload, "optionAlpha"),
            L1Ratio = ModelJson.GetFiniteDouble(payload, "l1Ratio"),
            FoldCount = ModelJson.GetInt32(payload, "foldCount"),
            AlphaCount = ModelJson.GetInt32(payload, "alphaCount"),
            AlphaRatio = ModelJson.GetFiniteDouble(payload, "alphaRatio"),
            MaxIterations = ModelJson.GetInt32(payload, "maxIterations"),
            Tolerance = ModelJson.GetFiniteDouble(payload, "tolerance"),
            Seed = ModelJson.GetInt32(payload, "seed"),
        };
        ModelJson.CheckOptions(options, "The saved LassoRegressionModel has invalid options");

        double alpha = ModelJson.GetFiniteDouble(payload, "alpha");
        double[] coefficients = ModelJson.GetFiniteDoubleArray(payload, "coefficients");
        if (alpha < 0 || coefficients.Length < 1)
        {
            throw new InvalidDataException($"The saved LassoRegressionModel has alpha {alpha} and {coefficients.Length} coefficients; alpha must be at least 0 and there must be one coefficient per feature.");
        }

        return new(options, alpha, ModelJson.GetFiniteDouble(payload, "intercept"), coefficients);
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Options.Alpha is double optionAlpha)
        {
            ModelJson.WriteDouble(writer, "optionAlpha", optionAlpha);
        }
        else
        {
            writer.WriteNull("optionAlpha");
        }

        ModelJson.WriteDouble(writer, "l1Ratio", Options.L1Ratio);
        writer.WriteNumber("foldCount", Options.FoldCount);
        writer.WriteNumber("alphaCount", Options.AlphaCount);
        ModelJson.WriteDouble(writer, "alphaRatio", Options.AlphaRatio);
        writer.WriteNumber("maxIterations", Options.MaxIterations);
        ModelJson.WriteDouble(writer, "tolerance", Options.Tolerance);
        writer.WriteNumber("seed", Options.Seed);
        ModelJson.WriteDouble(writer, "alpha", Alpha);
        ModelJson.WriteDouble(writer, "intercept", Intercept);
        ModelJson.WriteArray<double>(writer, "coefficients", _coefficients);
        writer.WriteEndObject();
    }
}
