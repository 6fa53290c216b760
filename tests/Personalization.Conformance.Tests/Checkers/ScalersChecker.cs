using System.Text.Json;
using Personalization.Conformance.Tests.Harness;
using Personalization.Features;

namespace Personalization.Conformance.Tests.Checkers;

/// <summary>
/// Checks the standard (population std), min-max and robust (median / IQR, linear-interpolated percentiles)
/// scalers against scikit-learn: fitted parameters, the transformed matrix, and the inverse transform.
/// </summary>
public sealed class ScalersChecker : IConformanceChecker
{
    public string Kind => "scalers";

    public void Check(ConformanceCase testCase)
    {
        string scaler = ConformanceCase.Require(testCase.Input, "scaler").GetString()
            ?? throw testCase.Fail("input.scaler is not a string.");
        FeatureMatrix<double> x = ConformanceCase.FeatureMatrix(ConformanceCase.Require(testCase.Input, "X"));
        JsonElement expected = testCase.Expected;
        ScalerModel model;
        switch (scaler)
        {
            case "standard":
                model = new StandardScaler().Fit(x);
                testCase.AssertClose("center", model.Offsets.ToArray(), ConformanceCase.Require(expected, "center"));
                testCase.AssertClose("scale", model.Scales.ToArray(), ConformanceCase.Require(expected, "scale"));
                break;
            case "robust":
                model = new RobustScaler().Fit(x);
                testCase.AssertClose("center", model.Offsets.ToArray(), ConformanceCase.Require(expected, "center"));
                testCase.AssertClose("scale", model.Scales.ToArray(), ConformanceCase.Require(expected, "scale"));
                break;
            case "minmax":
                model = new MinMaxScaler().Fit(x);
                testCase.AssertClose("data_min", model.DataMin.ToArray(), ConformanceCase.Require(expected, "data_min"));
                testCase.AssertClose("data_max", model.DataMax.ToArray(), ConformanceCase.Require(expected, "data_max"));
                break;
            default:
                throw testCase.Fail($"unknown scaler '{scaler}'; expected standard, minmax or robust.");
        }

        FeatureMatrix<double> z = model.Transform(x);
        testCase.AssertClose("transformed", z.AsSpan(), z.ColumnCount, ConformanceCase.Require(expected, "transformed"));

        // The inverse must give the input back (same tolerance).
        FeatureMatrix<double> back = model.InverseTransform(z);
        testCase.AssertClose("inverse_transform", back.AsSpan(), back.ColumnCount, ConformanceCase.Require(testCase.Input, "X"));
    }
}
