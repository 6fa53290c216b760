using System.Globalization;
using System.IO.Compression;

// Retail segmentation sample. This first version summarises the bundled UCI Online Retail file;
// the feature, clustering and persona steps are added as their packages land (see docs/architecture.md).
string path = args.Length > 0 ? args[0] : FindSharedData("online_retail.csv.gz");
using Stream raw = File.OpenRead(path);
using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
using var reader = new StreamReader(stream);
string? header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
long rows = 0;
var customers = new HashSet<string>(StringComparer.Ordinal);
while (reader.ReadLine() is { } line)
{
    rows++;
    // CustomerID is the 7th column; Description (3rd) may be quoted and hold commas, so count from the end.
    int last = line.LastIndexOf(',');
    int beforeLast = line.LastIndexOf(',', last - 1);
    string customer = line[(beforeLast + 1)..last];
    if (customer.Length > 0)
    {
        customers.Add(customer);
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)}: {rows:N0} transaction rows, {customers.Count:N0} customers with an id."));

static string FindSharedData(string fileName)
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
        {
            return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", fileName));
        }
    }

    throw new FileNotFoundException($"Could not find ../shared/data/{fileName} beside the repository; pass a path as the first argument.");
}
