// Retail segmentation, end to end, on the UCI Online Retail transactions:
// load -> rejected rows -> RFM/behavioural features -> clean and scale -> choose k -> K-Means
// -> segment profiles and personas -> promotion playbook -> audience CSV, JSON and charts.
// Usage: dotnet run -c Release --project samples/RetailSegmentation [transactions.csv[.gz]] [--output DIR] [--k N] [--customers customers.csv]
return Personalization.Samples.RetailSegmentationSample.Run(args, Console.Out);
