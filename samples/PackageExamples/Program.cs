using PackageExamples;

// Runs the example of every package README on the bundled data (../shared/data beside the repository).
string data = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data");
CoreExample.Run();
FeaturesExample.Run(Path.Combine(data, "online_retail.csv.gz"));
ClusteringExample.Run();
UpliftExample.Run();
ExperimentsExample.Run();
MonitoringExample.Run();
DependencyInjectionExample.Run();
SegmentationExample.Run(Path.Combine(data, "online_retail.csv.gz"));
SqlExample.Run(Path.Combine(data, "online_retail.csv.gz"));
