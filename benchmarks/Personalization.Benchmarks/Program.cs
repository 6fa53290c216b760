using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/Personalization.Benchmarks -- --filter '*'
// Results are committed under docs/benchmarks/ with the machine they ran on.
BenchmarkSwitcher.FromAssembly(typeof(Personalization.Benchmarks.BenchmarkData).Assembly).Run(args);
