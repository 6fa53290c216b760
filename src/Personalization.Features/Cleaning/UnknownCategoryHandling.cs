namespace Personalization.Features;

/// <summary>What an encoder does with a category it did not see in training.</summary>
public enum UnknownCategoryHandling
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the value and its position (the default).</summary>
    Error = 0,

    /// <summary>Encode it as all zeros (one-hot) or as <see cref="OrdinalEncoderOptions.UnknownValue"/> (ordinal).</summary>
    Ignore = 1,
}
