using Personalization.Features;

namespace Personalization.Sql.Tests;

internal static class TestData
{
    public static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory);
    }

    public static string SharedDataPath(string fileName) => Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data", fileName));

    public static string OnlineRetailPath => SharedDataPath("online_retail.csv.gz");

    /// <summary>Asserts that two feature matrices agree customer by customer: same ids, same columns, every value within
    /// 1e-9 relative (plus 1e-12 absolute, for values that are zero up to rounding noise, such as the standard deviation of equal gaps).</summary>
    public static void AssertSameFeatures(FeatureMatrix<double> expected, FeatureMatrix<double> actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.RowIds, actual.RowIds);
        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                double e = expected[i, j];
                double a = actual[i, j];
                if (double.IsNaN(e) || double.IsNaN(a))
                {
                    Assert.True(double.IsNaN(e) && double.IsNaN(a), $"customer {expected.RowIds![i]}, {expected.ColumnNames![j]}: expected {e}, got {a}");
                    continue;
                }

                double tolerance = (1e-9 * Math.Max(Math.Abs(e), Math.Abs(a))) + 1e-12;
                Assert.True(Math.Abs(e - a) <= tolerance, $"customer {expected.RowIds![i]}, {expected.ColumnNames![j]}: expected {e:R}, got {a:R}");
            }
        }
    }
}
