using System.Text.Json;
using Personalization.Persistence;
using Personalization.Uplift.Internal;

namespace Personalization.Uplift.Learners;

/// <summary>A fitted <see cref="LogisticRegression"/>: probability = σ(<see cref="Intercept"/> + x · <see cref="Coefficients"/>).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class LogisticRegressionModel : IBaseModel, IPersistableModel<LogisticRegressionModel>
{
    private readonly double[] _coefficients;

    internal LogisticRegressionModel(LogisticRegressionOptions options, double intercept, double[] coefficients, int iterations, bool converged)
    {
        Options = options;
        Intercept = intercept;
        _coefficients = coefficients;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Gets the stable model type name written to JSON.</summary>
    public static string PersistedModelType => "LogisticRegressionModel";

    /// <summary>Gets the payload format version this build writes.</summary>
    public static int CurrentFormatVersion => 1;

    /// <summary>Gets the oldest payload format version this build reads.</summary>
    public static int OldestReadableFormatVersion => 1;

    /// <inheritdoc />
    public string ModelType => PersistedModelType;

    /// <summary>Gets the options the model was fitted with.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <summary>Gets the intercept on the raw feature scale (log-odds).</summary>
    public double Intercept { get; }

    /// <summary>Gets the coefficients on the raw feature scale (log-odds per unit), one per feature.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>Gets the number of Newton iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Gets a value indicating whether the fit converged within the tolerance.</summary>
    public bool Converged { get; }

    /// <inheritdoc />
    public int FeatureCount => _coefficients.Length;

    /// <inheritdoc />
    /// <remarks>probability = 1 / (1 + exp(−(b + Σ<sub>j</sub> w<sub>j</sub> x<sub>j</sub>))).</remarks>
    public void Predict(FeatureMatrix<double> features, Span<double> predictions)
    {
        LearnerChecks.PredictInput(features, FeatureCount, predictions.Length, nameof(predictions));
        LinearModelMath.LinearPredictor(features, Intercept, _coefficients, predictions);
        for (int r = 0; r < features.RowCount; r++)
        {
            predictions[r] = LogisticRegression.Sigmoid(predictions[r]);
        }
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    /// <param name="payload">The payload object.</param>
    /// <param name="formatVersion">The format version.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or malformed.</exception>
    public static LogisticRegressionModel ReadPayload(JsonElement payload, int formatVersion)
    {
        var options = new LogisticRegressionOptions
        {
            Alpha = ModelJson.GetDouble(payload, "alpha"),
            MaxIterations = ModelJson.GetInt32(payload, "maxIterations"),
            Tolerance = ModelJson.GetDouble(payload, "tolerance"),
        };
        double[] coefficients = ModelJson.GetFiniteDoubleArray(payload, "coefficients");
        int iterations = ModelJson.GetInt32(payload, "iterations");
        if (!(options.Alpha >= 0) || !double.IsFinite(options.Alpha) || options.MaxIterations < 1 || !(options.Tolerance >= 0) || coefficients.Length < 1 || iterations < 0)
        {
            throw new InvalidDataException($"The saved LogisticRegressionModel has alpha {options.Alpha}, maxIterations {options.MaxIterations}, tolerance {options.Tolerance}, {coefficients.Length} coefficients and {iterations} iterations; one of them is out of range.");
        }

        return new LogisticRegressionModel(options, ModelJson.GetFiniteDouble(payload, "intercept"), coefficients, iterations, ModelJson.GetBoolean(payload, "converged"));
    }

    /// <summary>Writes the model's payload.</summary>
    /// <param name="writer">The writer.</param>
    public void WritePayload(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        ModelJson.WriteDouble(writer, "alpha", Options.Alpha);
        writer.WriteNumber("maxIterations", Options.MaxIterations);
        ModelJson.WriteDouble(writer, "tolerance", Options.Tolerance);
        ModelJson.WriteDouble(writer, "intercept", Intercept);
        ModelJson.WriteArray<double>(writer, "coefficients", _coefficients);
        writer.WriteNumber("iterations", Iterations);
        writer.WriteBoolean("converged", Converged);
        writer.WriteEndObject();
    }
}
