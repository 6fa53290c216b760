// Whom to e-mail: Hillstrom -> S/T/X/DR meta-learners -> Qini and uplift@k -> offer policy with costs
// -> expected incremental visits against blanket targeting; an engagement model (random forest vs logistic regression)
// compared on held-out precision, recall, F1 and ROC AUC.
// Usage: dotnet run -c Release --project samples/DiscountUplift [hillstrom.csv] [--output DIR] [--rows N]
return Personalization.Samples.DiscountUpliftSample.Run(args, Console.Out);
