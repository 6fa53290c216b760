using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- --filter '*'
// Results are committed under docs/benchmarks/ with the machine they ran on.
// Export the hierarchical/silhouette data for benchmarks/scipy_hierarchical.py: -- export-data <directory>
if (args.Length == 2 && args[0] == "export-data")
{
    Personalization.Benchmarks.BenchmarkData.Export(args[1]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Personalization.Benchmarks.BenchmarkData).Assembly).Run(args);
