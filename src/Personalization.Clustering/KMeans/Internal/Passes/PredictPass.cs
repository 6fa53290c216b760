using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Personalization.Internal;

namespace Personalization.Clustering.Internal;

/// <summary>
/// A fitted model's prediction over a chunk: each block of rows is checked for NaN/Infinity and assigned
/// to its nearest centroid, written straight into the caller's label span (passed as its address: the
/// span is pinned by <see cref="KMeansPrediction.Predict{T}"/> for the pass). A chunk with a non-finite
/// value marks itself in <paramref name="badChunks"/> and stops.
/// </summary>
internal readonly unsafe struct PredictPass<T>(ReadOnlyMemory<T> data, int n, int d, int chunkRows, PackedCentroids<T> packed, int* labels, bool[] badChunks) : IChunkPass
    where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Execute(int chunk)
    {
        const int BlockRows = KMeansChunking.BlockRows;
        ReadOnlySpan<T> values = data.Span;
        int start = chunk * chunkRows;
        int end = Math.Min(n, start + chunkRows);
        Span<T> partial = stackalloc T[BlockRows];
        for (int s = start; s < end; s += BlockRows)
        {
            int m = Math.Min(BlockRows, end - s);
            ReadOnlySpan<T> block = values.Slice(s * d, m * d);
            if (!RowKernels.AllFinite(block))
            {
                badChunks[chunk] = true;
                return;
            }

            NearestCentroid.Assign(ref MemoryMarshal.GetReference(block), m, packed, new Span<int>(labels + s, m), partial);
        }
    }
}
