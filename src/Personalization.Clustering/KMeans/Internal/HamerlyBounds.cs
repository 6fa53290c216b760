using System.Numerics;

namespace Personalization.Clustering.Internal;

/// <summary>
/// The state of Hamerly's accelerated exact iteration (Hamerly 2010): per row an upper bound on the
/// distance to the assigned centroid and a lower bound on the distance to every other centroid, and per
/// iteration the half distance from each centroid to its nearest other centroid and how far each
/// centroid moved. <see cref="HamerlyPass{T}"/> uses them to skip most rows' k distance computations.
/// </summary>
internal sealed class HamerlyBounds<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _k;
    private readonly int _d;
    private long _fullAssignments;

    /// <summary>Allocates the bounds of <paramref name="engine"/>'s rows (once per fit).</summary>
    public HamerlyBounds(KMeansEngine<T> engine)
    {
        _k = engine.K;
        _d = engine.D;
        Upper = new double[engine.N];
        Lower = new double[engine.N];
        RowNorms = new double[engine.N];
        Move = new double[_k];
        Half = new double[_k];
    }

    /// <summary>Gets the upper bound of each row's distance to its centroid.</summary>
    public double[] Upper { get; }

    /// <summary>Gets the lower bound of each row's distance to every other centroid.</summary>
    public double[] Lower { get; }

    /// <summary>Gets each row's squared norm (set by the first pass).</summary>
    public double[] RowNorms { get; }

    /// <summary>Gets how far each centroid moved in the last update (slightly inflated).</summary>
    public double[] Move { get; }

    /// <summary>Gets half the distance from each centroid to its nearest other centroid.</summary>
    public double[] Half { get; }

    /// <summary>Gets whether the coming pass is the first of the run (every row is assigned in full).</summary>
    public bool First { get; private set; }

    public double MaxMove { get; private set; }

    public double SecondMaxMove { get; private set; }

    public int MaxMoveIndex { get; private set; }

    public double MaxCentroidNorm { get; private set; }

    /// <summary>Gets the number of rows that needed a full assignment (over the fit).</summary>
    public long FullAssignments => Interlocked.Read(ref _fullAssignments);

    /// <summary>Gets the skip test's margin per unit of squared norm: larger than the kernel's rounding error.</summary>
    public static double ErrorScale(int d) => 4.0 * (d + 2) * (typeof(T) == typeof(float) ? 1.1920928955078125e-7 : 2.220446049250313e-16);

    /// <summary>Adds <paramref name="rows"/> full assignments (called once per chunk).</summary>
    public void AddFullAssignments(int rows) => Interlocked.Add(ref _fullAssignments, rows);

    /// <summary>Computes the half nearest-centroid distances and the largest centroid norm for the coming pass.</summary>
    public void PrepareIteration(ReadOnlySpan<T> centroids, bool first)
    {
        First = first;
        double maxNorm = 0;
        for (int a = 0; a < _k; a++)
        {
            double nearest = double.PositiveInfinity;
            for (int b = 0; b < _k; b++)
            {
                if (a != b)
                {
                    nearest = Math.Min(nearest, double.CreateTruncating(SquaredEuclidean.Distance(centroids.Slice(a * _d, _d), centroids.Slice(b * _d, _d))));
                }
            }

            Half[a] = _k == 1 ? double.PositiveInfinity : 0.5 * Math.Sqrt(nearest);
            double norm = 0;
            for (int j = 0; j < _d; j++)
            {
                double v = double.CreateTruncating(centroids[(a * _d) + j]);
                norm += v * v;
            }

            maxNorm = Math.Max(maxNorm, norm);
        }

        MaxCentroidNorm = maxNorm;
    }

    /// <summary>Records how far each centroid moved from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public void RecordCentroidMoves(T[] current, T[] previous)
    {
        double maxMove = 0;
        double secondMaxMove = 0;
        int maxMoveIndex = -1;
        for (int c = 0; c < _k; c++)
        {
            double move = Math.Sqrt(double.CreateTruncating(SquaredEuclidean.Distance(current.AsSpan(c * _d, _d), previous.AsSpan(c * _d, _d))));

            // Inflate slightly so rounding in the move never tightens a bound wrongly.
            move = (move * (1 + 1e-12)) + 1e-300;
            Move[c] = move;
            if (move > maxMove)
            {
                secondMaxMove = maxMove;
                maxMove = move;
                maxMoveIndex = c;
            }
            else if (move > secondMaxMove)
            {
                secondMaxMove = move;
            }
        }

        MaxMove = maxMove;
        SecondMaxMove = secondMaxMove;
        MaxMoveIndex = maxMoveIndex;
    }
}
