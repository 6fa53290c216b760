namespace Personalization.Persistence;

/// <summary>Limits that <see cref="ModelPersistence"/> applies when it reads a saved model.</summary>
/// <remarks>Immutable and thread-safe. Constructing the options does no work; the load methods call <see cref="Validate"/>.</remarks>
public sealed record ModelLoadOptions
{
    /// <summary>The default <see cref="MaxModelBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxModelBytes = 64L * 1024 * 1024;

    /// <summary>Gets the default options.</summary>
    public static ModelLoadOptions Default { get; } = new();

    /// <summary>Gets the largest model file or stream, in bytes, that a load accepts.</summary>
    /// <value>Default <see cref="DefaultMaxModelBytes"/> (64 MiB); from 1 to <see cref="int.MaxValue"/>.</value>
    /// <remarks>
    /// A larger input is refused with <see cref="InvalidDataException"/> before it is parsed (a seekable
    /// stream) or as soon as the limit is passed (any other stream). Loading needs about the file size
    /// plus 12 bytes per JSON value plus the model itself, so the limit also bounds memory.
    /// </remarks>
    public long MaxModelBytes { get; init; } = DefaultMaxModelBytes;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxModelBytes"/> is below 1 or above <see cref="int.MaxValue"/>.</exception>
    public void Validate()
    {
        if (MaxModelBytes < 1 || MaxModelBytes > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxModelBytes), MaxModelBytes, $"MaxModelBytes must be between 1 and {int.MaxValue}, but was {MaxModelBytes}.");
        }
    }
}
