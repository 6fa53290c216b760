// Analyses the Hillstrom e-mail experiment as an A/B(/C) test: SRM, conversion, revenue, CUPED, decision.
// Usage: dotnet run --project samples/ExperimentReport [hillstrom.csv] [--output DIR] [--rows N]
return Personalization.Samples.ExperimentReportSample.Run(args, Console.Out);
