using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Experiments;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>ab_chi_square: Pearson r x c independence test, expected counts, and the Yates-corrected 2 x 2 variant.</summary>
public sealed class AbChiSquareChecker : IConformanceChecker
{
    public string Kind => "ab_chi_square";

    public void Check(ConformanceCase testCase)
    {
        double[][] rows = ConformanceCase.Matrix(ConformanceCase.Require(testCase.Input, "table"));
        var table = new long[rows.Length, rows[0].Length];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int c = 0; c < rows[r].Length; c++)
            {
                table[r, c] = checked((long)rows[r][c]);
            }
        }

        ContingencyTestResult plain = ChiSquareTest.Independence(table);
        testCase.AssertClose("chi2", plain.Statistic, ConformanceCase.Require(testCase.Expected, "chi2"));
        testCase.AssertClose("p", plain.PValue, ConformanceCase.Require(testCase.Expected, "p"));
        testCase.AssertClose("dof", plain.DegreesOfFreedom, ConformanceCase.Require(testCase.Expected, "dof"));
        if (testCase.Expected.TryGetProperty("expected", out JsonElement expectedCounts))
        {
            testCase.AssertClose("expected", plain.Expected.AsSpan(), plain.ColumnCount, expectedCounts);
        }

        if (testCase.Expected.TryGetProperty("chi2_yates", out JsonElement chi2Yates))
        {
            ContingencyTestResult yates = ChiSquareTest.Independence(table, yatesCorrection: true);
            testCase.AssertClose("chi2_yates", yates.Statistic, chi2Yates);
            testCase.AssertClose("p_yates", yates.PValue, ConformanceCase.Require(testCase.Expected, "p_yates"));
        }
    }
}
