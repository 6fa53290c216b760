using Personalization;
using Personalization.Clustering;
using Personalization.Features;

// Load transactions; malformed rows are reported with their line, never silently dropped.
CsvLoadResult<Transaction> load = OnlineRetailCsv.ReadAll(args.Length > 0 ? args[0] : "../shared/data/online_retail.csv.gz");
Console.WriteLine($"{load.Report.RowsAccepted:N0} rows accepted, {load.Report.RejectedCount:N0} rejected");

// One row per customer: recency (days), frequency (orders) and monetary (spend).
var extractor = new CustomerFeatureExtractor(new CustomerFeatureOptions { Columns = ["recency_days", "frequency", "monetary"] });
FeatureMatrix<double> features = extractor.Extract(load.Records.Where(t => t.IsPurchase));

// Scale, then K-Means with a fixed seed: same data and seed, same segments.
ScalerModel scaler = new StandardScaler().Fit(features);
KMeansModel<double> segments = new KMeans(new KMeansOptions { ClusterCount = 4, Seed = 42 }).Fit(scaler.Transform(features));

FeatureMatrix<double> centres = scaler.InverseTransform(segments.Centroids); // back to days, orders and money
for (int s = 0; s < segments.ClusterCount; s++)
{
    Console.WriteLine($"segment {s}: {centres[s, 0]:F0} days since last order, {centres[s, 1]:F1} orders, {centres[s, 2]:F0} spent");
}
