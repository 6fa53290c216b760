using System.Collections.Immutable;

namespace Personalization.Segmentation;

/// <summary>Customers and their segments, from <see cref="SegmentationModel.Assign(IEnumerable{Features.Transaction}, Features.CustomerFeatureOptions)"/>.</summary>
/// <param name="Features">The raw features of the assigned customers (row ids = customer ids).</param>
/// <param name="Segments">The segment id of each row of <paramref name="Features"/>.</param>
/// <param name="Distances">The distance of each row to its segment's centroid, in the scaled space.</param>
/// <param name="DroppedCustomerCount">The customers left out: no purchase in the window, or a non-finite feature.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record SegmentAssignment(FeatureMatrix<double> Features, ImmutableArray<int> Segments, ImmutableArray<double> Distances, int DroppedCustomerCount);
