using System.Globalization;

namespace Personalization.Samples;

/// <summary>The samples' shared arguments: an optional input path, --output DIR, --rows N, --k N.</summary>
public sealed record SampleArguments(string? Input, string? Output, int? Rows, int? K)
{
    public static SampleArguments Parse(string[] args)
    {
        string? input = null;
        string? output = null;
        int? rows = null;
        int? k = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--output":
                    output = Value(args, ref i);
                    break;
                case "--rows":
                    rows = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--k":
                    k = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || input is not null)
                    {
                        throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [input-file] [--output DIR] [--rows N] [--k N]");
                    }

                    input = args[i];
                    break;
            }
        }

        return new SampleArguments(input, output, rows, k);
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
