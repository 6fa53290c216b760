namespace Personalization.Monitoring;

/// <summary>The linear assignment problem solved by the Hungarian algorithm (Kuhn-Munkres with potentials).</summary>
/// <remarks>All members are static, pure and thread-safe.</remarks>
internal static class LinearAssignment
{
    /// <summary>Assigns rows to distinct columns so that the sum of the chosen costs is smallest.</summary>
    /// <param name="costs">The cost matrix, row-major, <paramref name="rowCount"/> x <paramref name="columnCount"/>.</param>
    /// <param name="rowCount">The number of rows, at least 1.</param>
    /// <param name="columnCount">The number of columns, at least 1.</param>
    /// <param name="assignment">Receives, for each row, its column, or -1 when there are more rows than columns and the row is left out.</param>
    /// <returns>The total cost of the assignment.</returns>
    /// <remarks>
    /// Minimises sum_r costs[r, assignment[r]] over one-to-one assignments of min(rows, columns)
    /// pairs. Shortest augmenting paths with row and column potentials (Kuhn 1955, Munkres 1957;
    /// Jonker-Volgenant style), O(n^2 m) time for n = min(rows, columns), m = max, O(n + m) extra
    /// memory. Ties are broken towards lower column indices, so the result is deterministic.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> or <paramref name="columnCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The lengths do not match the shape, or a cost is NaN or infinite.</exception>
    public static double Minimize(ReadOnlySpan<double> costs, int rowCount, int columnCount, Span<int> assignment)
    {
        Validation.Guard.Positive(rowCount);
        Validation.Guard.Positive(columnCount);
        if ((long)rowCount * columnCount != costs.Length)
        {
            throw new ArgumentException($"costs has length {costs.Length} but rowCount x columnCount is {rowCount} x {columnCount}; they must match.", nameof(costs));
        }

        if (assignment.Length < rowCount)
        {
            throw new ArgumentException($"assignment has length {assignment.Length} but there are {rowCount} rows; give one slot per row.", nameof(assignment));
        }

        Validation.Guard.AllFinite(costs);
        if (rowCount <= columnCount)
        {
            return Solve(costs, rowCount, columnCount, transposed: false, assignment);
        }

        // More rows than columns: solve the transpose, then invert the assignment.
        Span<int> columnToRow = columnCount <= 256 ? stackalloc int[columnCount] : new int[columnCount];
        double total = Solve(costs, columnCount, rowCount, transposed: true, columnToRow);
        assignment[..rowCount].Fill(-1);
        for (int c = 0; c < columnCount; c++)
        {
            assignment[columnToRow[c]] = c;
        }

        return total;
    }

    /// <summary>Solves n rows into m &gt;= n columns; when transposed, cost(i, j) is costs[j * n + i].</summary>
    private static double Solve(ReadOnlySpan<double> costs, int n, int m, bool transposed, Span<int> assignment)
    {
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        var minV = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            Array.Fill(minV, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = p[j0];
                double delta = double.PositiveInfinity;
                int j1 = 0;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    double cost = transposed ? costs[((j - 1) * n) + i0 - 1] : costs[((i0 - 1) * m) + j - 1];
                    double reduced = cost - u[i0] - v[j];
                    if (reduced < minV[j])
                    {
                        minV[j] = reduced;
                        way[j] = j0;
                    }

                    if (minV[j] < delta)
                    {
                        delta = minV[j];
                        j1 = j;
                    }
                }

                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minV[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        double total = 0.0;
        for (int j = 1; j <= m; j++)
        {
            if (p[j] != 0)
            {
                int row = p[j] - 1;
                assignment[row] = j - 1;
                total += transposed ? costs[((j - 1) * n) + row] : costs[(row * m) + j - 1];
            }
        }

        return total;
    }
}
