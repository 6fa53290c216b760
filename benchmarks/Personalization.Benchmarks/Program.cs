using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- --filter '*'
// Uplift PEHE table (not BenchmarkDotNet): dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- pehe [folder]
// Results are committed under docs/benchmarks/ with the machine they ran on.
// Export the hierarchical/silhouette data for benchmarks/scipy_hierarchical.py: -- export-data <directory>
if (args.Length == 2 && args[0] == "export-data")
{
    Personalization.Benchmarks.BenchmarkData.Export(args[1]);
    return 0;
}

if (args.Length > 0 && args[0] == "pehe")
{
    return Personalization.Benchmarks.UpliftPehe.Run(args);
}

// Gradient boosting fit times (not BenchmarkDotNet): ... -- gbm [rows-scale]
if (args.Length > 0 && args[0] == "gbm")
{
    return Personalization.Benchmarks.BoostingFitTimes.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Personalization.Benchmarks.BenchmarkData).Assembly).Run(args);
return 0;
