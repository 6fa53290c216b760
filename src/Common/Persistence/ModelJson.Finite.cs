using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Personalization.Internal;

namespace Personalization.Persistence;

/// <content>Readers that also reject NaN and infinities, naming the field and the position of the first bad value.</content>
internal static partial class ModelJson
{
    /// <summary>Gets a required double property that must be finite.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The finite value.</returns>
    /// <exception cref="InvalidDataException">The property is missing, not a number, NaN or infinite.</exception>
    public static double GetFiniteDouble(JsonElement element, string name)
    {
        double value = GetDouble(element, name);
        return double.IsFinite(value)
            ? value
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model field \"{name}\" is {value}; it must be a finite number. The file is corrupt or was edited; re-save the model."));
    }

    /// <summary>Gets a required array of doubles that must all be finite.</summary>
    /// <param name="element">The object.</param>
    /// <param name="name">The property name.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidDataException">The property is missing, not an array of numbers, or holds NaN or an infinity (the message names the index).</exception>
    public static double[] GetFiniteDoubleArray(JsonElement element, string name)
    {
        double[] values = GetDoubleArray(element, name);
        CheckFinite<double>(values, name);
        return values;
    }

    /// <summary>Reads a matrix written by <see cref="WriteMatrix{T}"/> whose values must all be finite.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The object holding the matrix property.</param>
    /// <param name="name">The property name.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="InvalidDataException">The matrix is missing, its shape is inconsistent, or it holds NaN or an infinity (the message names the row and column); a double too large for <see cref="float"/> counts as infinite.</exception>
    public static FeatureMatrix<T> GetFiniteMatrix<T>(JsonElement element, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        FeatureMatrix<T> matrix = GetMatrix<T>(element, name);
        int bad = FiniteScan.IndexOfNonFinite(matrix.AsSpan());
        if (bad >= 0)
        {
            int columns = Math.Max(1, matrix.ColumnCount);
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model field \"{name}\" holds {matrix.AsSpan()[bad]} at row {bad / columns}, column {bad % columns}; every value must be a finite number. The file is corrupt or was edited; re-save the model."));
        }

        return matrix;
    }

    /// <summary>Throws unless every value is finite.</summary>
    /// <typeparam name="T">A floating-point type.</typeparam>
    /// <param name="values">The values read from the field.</param>
    /// <param name="name">The field name, for the message.</param>
    /// <exception cref="InvalidDataException">A value is NaN or infinite (the message names the index).</exception>
    public static void CheckFinite<T>(ReadOnlySpan<T> values, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bad = FiniteScan.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model field \"{name}\" holds {values[bad]} at index {bad}; every value must be a finite number. The file is corrupt or was edited; re-save the model."));
        }
    }

    /// <summary>Throws unless the squared Euclidean norm of every row of <paramref name="matrix"/> is finite in <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="matrix">Finite centroids.</param>
    /// <param name="name">The field name, for the message.</param>
    /// <exception cref="InvalidDataException">A row is so large that its squared norm overflows, so distances to it cannot be computed.</exception>
    public static void CheckSquaredNorms<T>(FeatureMatrix<T> matrix, string name)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix);
        for (int r = 0; r < matrix.RowCount; r++)
        {
            T sum = T.Zero;
            foreach (T v in matrix.Row(r))
            {
                sum += v * v;
            }

            if (!T.IsFinite(sum))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model field \"{name}\" has row {r} so large that its squared norm overflows {typeof(T).Name}; distances to it cannot be computed. The file is corrupt or was edited; re-save the model."));
            }
        }
    }

    /// <summary>Validates options read back from a saved model with the rules <c>Fit</c> uses; a broken rule is a corrupt file.</summary>
    /// <param name="options">The options read from the payload; <see langword="null"/> when the payload holds none.</param>
    /// <param name="description">The start of the error message, naming the model and the field, for example <c>The saved causal forest has invalid options</c>.</param>
    /// <exception cref="InvalidDataException">An option breaks its rule: "<paramref name="description"/>: " and the rule's message.</exception>
    public static void CheckOptions(IValidatableOptions? options, string description)
    {
        try
        {
            options?.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{description}: {e.Message}", e);
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>, naming both fields.</summary>
    /// <param name="name">What was counted, for example <c>"centroids" rows</c>.</param>
    /// <param name="actual">The count found.</param>
    /// <param name="expectedName">What it must equal, for example <c>"clusterCount"</c>.</param>
    /// <param name="expected">The expected count.</param>
    /// <exception cref="InvalidDataException">The counts differ.</exception>
    public static void CheckCount(string name, int actual, string expectedName, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The saved model has {actual} {name} but its field \"{expectedName}\" says {expected}; the file is corrupt or was edited. Re-save the model."));
        }
    }
}
