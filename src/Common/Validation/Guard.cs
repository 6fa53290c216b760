using System.Numerics;
using System.Runtime.CompilerServices;

namespace Personalization.Validation;

/// <summary>
/// Argument checks shared by every Personalization package. Each method throws an
/// <see cref="ArgumentException"/>-family exception whose message says what to fix.
/// </summary>
/// <remarks>
/// Validate once at the public boundary, then call unchecked internal code. Shared source (src/Common): compiled
/// into each package as an internal type, so packages share the rules without a public helper or a reference to
/// each other.
/// </remarks>
internal static class Guard
{
    /// <summary>Throws when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is outside the range.</exception>
    public static void InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between {min} and {max} inclusive, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN or outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="min">The smallest valid value.</param>
    /// <param name="max">The largest valid value.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or outside the range.</exception>
    public static void InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between {min} and {max} inclusive, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is less than one.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero or negative.</exception>
    public static void Positive(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be at least 1, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN, infinite, zero or negative.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a finite positive number.</exception>
    public static void Positive(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number greater than 0, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN, infinite or negative.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not a finite non-negative number.</exception>
    public static void NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number of at least 0, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is NaN or infinite.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static void Finite(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a finite number, but was {value}.");
        }
    }

    /// <summary>Throws when a probability is NaN or outside the open interval (0, 1).</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not strictly between 0 and 1.</exception>
    public static void OpenUnitInterval(double value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (double.IsNaN(value) || value <= 0 || value >= 1)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be strictly between 0 and 1, but was {value}.");
        }
    }

    /// <summary>Throws when two lengths differ, naming both arguments and their lengths.</summary>
    /// <param name="length">The first length.</param>
    /// <param name="otherLength">The second length.</param>
    /// <param name="paramName">The first argument's name.</param>
    /// <param name="otherName">The second argument's name.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void SameLength(int length, int otherLength, string paramName, string otherName)
    {
        if (length != otherLength)
        {
            throw new ArgumentException($"{paramName} has length {length} but {otherName} has length {otherLength}; they must have the same length.", paramName);
        }
    }

    /// <summary>Throws when a span is empty.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static void NotEmpty<T>(ReadOnlySpan<T> values, [CallerArgumentExpression(nameof(values))] string? paramName = null)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException($"{paramName} is empty; at least one value is required.", paramName);
        }
    }

    /// <summary>Throws when any value is NaN or infinite, naming the first bad index.</summary>
    /// <typeparam name="T">A floating-point type.</typeparam>
    /// <param name="values">The values to check.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static void AllFinite<T>(ReadOnlySpan<T> values, [CallerArgumentExpression(nameof(values))] string? paramName = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int index = Personalization.Internal.FiniteScan.IndexOfNonFinite(values);
        if (index >= 0)
        {
            throw new ArgumentException($"{paramName}[{index}] is {values[index]}; every value must be a finite number. Impute or remove missing values first.", paramName);
        }
    }

    /// <summary>Throws when any value is NaN, infinite or negative, naming the first bad index.</summary>
    /// <param name="values">The values to check, for example sample weights.</param>
    /// <param name="paramName">The argument name, filled in by the compiler.</param>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative.</exception>
    public static void AllNonNegative(ReadOnlySpan<double> values, [CallerArgumentExpression(nameof(values))] string? paramName = null)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new ArgumentException($"{paramName}[{i}] is {values[i]}; every value must be a finite number of at least 0.", paramName);
            }
        }
    }
}
