using System.IO.Compression;
using System.Text;
using Personalization.Clustering;
using Personalization.Features;
using Personalization.Persistence;
using Personalization.Uplift;
using Personalization.Uplift.Learners;

namespace Personalization.Fuzz;

/// <summary>Writes the seed corpus of every target: slices of ../shared/data, loader test rows and saved models.</summary>
public static class Seeds
{
    public static void Write(string folder)
    {
        string data = SharedData();
        string[] retail = ReadLines(Path.Combine(data, "online_retail.csv.gz"), 40);
        string[] hillstrom = ReadLines(Path.Combine(data, "hillstrom.csv"), 40);
        const string generic = "customer_id,order_id,timestamp,quantity,unit_price,channel,category,discount_percent,is_return\n"
            + "c1,o1,2024-01-02 10:30:00,2,3.5,online,Apparel,10,false\nc2,o2,2024-01-03T08:00:00Z,1.5,10,store,\"Home, Garden\",,1\n"
            + "c3,o3,2024-01-04T08:00:00+05:30,1,\"2.5\",,\"two\nlines\",,\n,o4,2024-01-05,1,1,,,,\n\"  \",o5,2024-01-05,1,1,,,,\n";
        const string customers = "customer_id,signup_date,loyalty_tier,opt_in,region\nc1,2011-12-09,gold,true,north\nc2,,silver,no,\"South, East\"\nc3,2011-12-09T12:00:00Z,,1,\n";

        Seed(folder, "transactions", "retail", 1, string.Join('\n', retail) + "\n");
        Seed(folder, "transactions", "generic", 0, generic);
        Seed(folder, "transactions", "generic-semicolon", 2, generic.Replace(',', ';'));
        Seed(folder, "transactions", "generic-kolkata", 16 | 8, generic);
        Seed(folder, "customers", "customers", 0, customers);
        Seed(folder, "customers", "customers-latin1", 4, customers.Replace("north", "n\u00f6rth", StringComparison.Ordinal));
        Seed(folder, "experiment", "hillstrom", 0, string.Join('\n', hillstrom) + "\n");
        Seed(folder, "experiment", "hillstrom-outcomes", 1, string.Join('\n', hillstrom) + "\n");
        Seed(folder, "experiment", "hillstrom-tab", 2, string.Join('\n', hillstrom).Replace(',', '\t') + "\n");

        foreach ((string name, byte kind, string json) in Models())
        {
            WriteFile(folder, "model", name, [kind, .. Encoding.UTF8.GetBytes(json)]);
        }

        WriteFile(folder, "gzip", "one-member", Gzip(generic));
        WriteFile(folder, "gzip", "two-members", [.. Gzip(customers), .. Gzip(generic)]);
    }

    private static IEnumerable<(string Name, byte Kind, string Json)> Models()
    {
        double[] values = [1, 2, 1.5, 1.8, 5, 8, 8, 8, 1, 0.6, 9, 11, 8, 2, 10, 2];
        var matrix = FeatureMatrix<double>.FromOwnedArray(values, 8, 2, ["a", "b"]);
        yield return ("kmeans", 0, ModelPersistence.ToJson(new KMeans(new KMeansOptions { ClusterCount = 2, Seed = 1 }).Fit(matrix)));
        yield return ("scaler", 1, ModelPersistence.ToJson(new MinMaxScaler().Fit(matrix)));
        yield return ("onehot", 2, ModelPersistence.ToJson(new OneHotEncoder(new OneHotEncoderOptions { ColumnName = "region" }).Fit(["north", "south", "north", "east"])));
        yield return ("pipeline", 3, ModelPersistence.ToJson(new PreprocessingPipeline().Fit(matrix)));
        double[] target = [0, 1, 0, 1, 1, 0, 1, 0];
        yield return ("gbm", 4, ModelPersistence.ToJson(new GradientBoosting(new GradientBoostingOptions { TreeCount = 3, MinSamplesLeaf = 1, Seed = 1 }).Fit(matrix, target)));
        // Uplift learners need at least 10 units per arm: 20 rows, alternating arms.
        double[] upliftValues = [.. Enumerable.Range(0, 40).Select(i => (double)((i * 7) % 11))];
        var upliftMatrix = FeatureMatrix<double>.FromOwnedArray(upliftValues, 20, 2, ["a", "b"]);
        int[] treatment = [.. Enumerable.Range(0, 20).Select(i => i % 2)];
        double[] outcome = [.. Enumerable.Range(0, 20).Select(i => (double)((i / 2) % 3 == 0 ? 1 : 0))];
        var uplift = new UpliftData(upliftMatrix, treatment, outcome);
        yield return ("tlearner", 5, ModelPersistence.ToJson(new TLearner(new TLearnerOptions { Learner = new RidgeRegression() }).Fit(uplift)));
    }

    private static void Seed(string folder, string target, string name, byte flags, string text) =>
        WriteFile(folder, target, name, [flags, .. Encoding.UTF8.GetBytes(text)]);

    private static void WriteFile(string folder, string target, string name, byte[] bytes)
    {
        string dir = Path.Combine(folder, target);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return memory.ToArray();
    }

    private static string[] ReadLines(string path, int count)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    private static string SharedData()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            }
        }

        throw new InvalidOperationException("Personalization.sln was not found above " + AppContext.BaseDirectory + "; run from the repository.");
    }
}
