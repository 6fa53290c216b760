using System.Collections.Immutable;

namespace Personalization;

/// <summary>A seeded train/test split of <see cref="UpliftData"/>, made by <see cref="UpliftData.Split"/>.</summary>
/// <param name="Train">The training units, in their original order.</param>
/// <param name="Test">The held-out units, in their original order.</param>
/// <param name="TrainRows">The indices, in the split data, of the training units (ascending).</param>
/// <param name="TestRows">The indices, in the split data, of the held-out units (ascending).</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record UpliftSplit(UpliftData Train, UpliftData Test, ImmutableArray<int> TrainRows, ImmutableArray<int> TestRows);
