using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Personalization.Cli;

namespace Personalization.Samples.Tests;

/// <summary>Issue 16, input classes: the tool's probes of truncated gzip, encodings, time zones, delimiters and quoting, small silent cases.</summary>
public sealed class PersonalizeInputTests
{
    private const string Header = "customer_id,order_id,timestamp,quantity,unit_price\n";

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = PersonalizeCli.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Transactions(int customers) =>
        Header + string.Concat(Enumerable.Range(0, customers * 4).Select(i => $"c{i % customers},o{i},2011-{1 + (i % 12):00}-{1 + (i % 27):00} 1{i % 10}:30:00,{1 + (i % 3)},{2 + (i % 5)}.5\n"));

    [Fact]
    public void Features_TruncatedGzip_ExitsTwoNamingFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("cut.csv.gz");
        byte[] text = Encoding.UTF8.GetBytes(Transactions(2_000));
        using (var memory = new MemoryStream())
        {
            long cut;
            using (var gz = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
            {
                gz.Write(text.AsSpan(0, text.Length / 2));
                gz.Flush();
                cut = memory.Length;
                gz.Write(text.AsSpan(text.Length / 2));
            }

            File.WriteAllBytes(path, memory.ToArray()[..(int)cut]);
        }

        (int exit, _, string error) = Run("features", "--input", path, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(path + ": the gzip file is truncated or corrupt", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(folder.File("features.csv")));
    }

    [Fact]
    public void Uplift_NotGzip_ExitsTwoNamingFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("plain.csv.gz");
        File.WriteAllLines(path, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(100));

        (int exit, _, string error) = Run("uplift", "--input", path, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Womens E-Mail",
            "--outcome", "visit", "--features", "recency,history", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(path + ": the file is not gzip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_Latin1Bytes_StrictByDefaultDistinctWithEncoding()
    {
        using var folder = new TempFolder();
        string path = folder.File("names.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Header), .. "M"u8, 0xFC, .. "ller,o1,2011-01-02,1,1\nM"u8, 0xF6, .. "ller,o2,2011-01-03,1,1\n"u8]);

        (int strictExit, _, string strictError) = Run("features", "--input", path, "--output", folder.Path);
        (int exit, _, string error) = Run("features", "--input", path, "--encoding", "latin1", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, strictExit);
        Assert.Contains(path + ":2: column 1 'customer_id'", strictError, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        string[] ids = File.ReadAllLines(folder.File("features.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(["Möller", "Müller"], ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(";")]
    public void Features_SemicolonFile_DetectedOrGiven(string? delimiter)
    {
        using var folder = new TempFolder();
        string path = folder.File("semi.csv");
        File.WriteAllText(path, Transactions(20).Replace(',', ';'));
        string[] args = delimiter is null ? ["features", "--input", path, "--output", folder.Path] : ["features", "--input", path, "--delimiter", delimiter, "--output", folder.Path];

        (int exit, _, string error) = Run(args);

        Assert.True(exit == 0, error);
        Assert.Equal(21, File.ReadAllLines(folder.File("features.csv")).Length);
    }

    [Fact]
    public void AbTestAndUplift_QuotedNewlines_SameResultsAsPlainFile()
    {
        using var folder = new TempFolder();
        string[] lines = File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(3001).ToArray();
        string plain = folder.File("plain.csv");
        File.WriteAllLines(plain, [lines[0] + ",note", .. lines.Skip(1).Select(l => l + ",x")]);
        string quoted = folder.File("quoted.csv");
        File.WriteAllLines(quoted, [lines[0] + ",note", .. lines.Skip(1).Select((l, i) => l + (i % 3 == 0 ? ",\"multi\nline, note\"" : ",x"))]);

        string[] Abtest(string input, string output) => ["abtest", "--input", input, "--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", "--metric", "spend", "--output", output];
        string[] Uplift(string input, string output) => ["uplift", "--input", input, "--treatment", "segment", "--control", "No E-Mail", "--treated", "Mens E-Mail",
            "--outcome", "visit", "--features", "recency,history", "--categorical", "channel", "--base", "linear", "--output", output];
        Directory.CreateDirectory(folder.File("a"));
        Directory.CreateDirectory(folder.File("b"));

        foreach (Func<string, string, string[]> verb in new[] { Abtest, Uplift })
        {
            (int e1, _, string err1) = Run(verb(plain, folder.File("a")));
            (int e2, _, string err2) = Run(verb(quoted, folder.File("b")));
            Assert.True(e1 == 0, err1);
            Assert.True(e2 == 0, err2);
        }

        Assert.Equal(File.ReadAllText(folder.File("a/abtest.csv")), File.ReadAllText(folder.File("b/abtest.csv")));
        Assert.Equal(
            File.ReadAllLines(folder.File("a/uplift.csv")).Select(l => l.Split(',')[1]),
            File.ReadAllLines(folder.File("b/uplift.csv")).Select(l => l.Split(',')[1]));
    }

    [Fact]
    public void Features_SameFileUnderThreeTimeZones_IdenticalBytes()
    {
        using var folder = new TempFolder();
        string input = folder.File("zones.csv");
        File.WriteAllText(input, Header
            + "a,o1,2011-03-13 01:30:00,1,1\na,o2,2011-03-27T01:30:00Z,1,2\nb,o3,2011-10-30 01:30:00+01:00,2,3\n"
            + "b,o4,2011-11-06T01:30:00-04:00,1,4\nc,o5,2011-12-09,1,5\nc,o6,2011-12-09 23:59:59.5,3,6\n");
        string dll = typeof(PersonalizeCli).Assembly.Location;
        var outputs = new List<(string Zone, string Csv, string Json)>();

        foreach (string zone in (string[])["UTC", "America/New_York", "Asia/Kolkata"])
        {
            string output = folder.File(zone.Replace('/', '_'));
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in (string[])["exec", dll, "features", "--input", input, "--output", output, "--as-of", "2011-12-31"])
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["TZ"] = zone;
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "the child process did not finish");
            Assert.True(process.ExitCode == 0, $"TZ={zone}: {error}");
            outputs.Add((zone, File.ReadAllText(Path.Combine(output, "features.csv")), File.ReadAllText(Path.Combine(output, "features.json"))));
        }

        Assert.All(outputs, o => Assert.Equal(outputs[0].Csv, o.Csv));
        Assert.All(outputs, o => Assert.Equal(outputs[0].Json, o.Json));
    }

    [Fact]
    public void Features_TimezoneOption_ShiftsNaiveTimesOnly()
    {
        using var folder = new TempFolder();
        string input = folder.File("tz.csv");
        File.WriteAllText(input, Header + "a,o1,2011-12-08 22:00:00,1,1\nb,o2,2011-12-08T22:00:00Z,1,1\n");

        (int exit, _, string error) = Run("features", "--input", input, "--timezone", "Asia/Kolkata", "--as-of", "2011-12-09", "--output", folder.Path);

        Assert.True(exit == 0, error);
        string[] csv = File.ReadAllLines(folder.File("features.csv"));
        int recency = Array.IndexOf(csv[0].Split(','), "recency_days");
        Dictionary<string, string> byId = csv.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[recency]);

        // a: 22:00 in Kolkata = 16:30Z, two hours before the as-of midnight in Kolkata (18:30Z); b at 22:00Z is after it.
        Assert.Equal(["a"], byId.Keys);
        Assert.Equal(2.0 / 24, double.Parse(byId["a"], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void Features_DateFormat_OneFormatAndMismatchIsBadRow()
    {
        using var folder = new TempFolder();
        string input = folder.File("dmy.csv");
        File.WriteAllText(input, Header + "a,o1,01/02/2011 10:00,1,1\na,o2,13/02/2011 10:00,1,1\nb,o3,2011-02-14 10:00,1,1\n");

        (int strict, _, string strictError) = Run("features", "--input", input, "--date-format", "dd/MM/yyyy HH:mm", "--output", folder.Path);
        (int skip, _, string skipError) = Run("features", "--input", input, "--date-format", "dd/MM/yyyy HH:mm", "--skip-bad-rows", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, strict);
        Assert.Contains(":4: timestamp", strictError, StringComparison.Ordinal);
        Assert.True(skip == 0, skipError);
        Assert.Contains("\"rowsRejected\": 1", File.ReadAllText(folder.File("features.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c1,o1,2011-01-02,1,1,extra", ":3: (record): The record has a different number of fields")]
    [InlineData("\"   \",o1,2011-01-02,1,1", ":3: customer_id: The customer id is blank")]
    [InlineData("c1,o1,0001-01-01,1,1", ":3: timestamp: The timestamp is outside the accepted range")]
    public void Features_SmallSilentCases_ExitTwoNamingLine(string row, string expected)
    {
        using var folder = new TempFolder();
        string input = folder.File("t.csv");
        File.WriteAllText(input, Header + "c0,o0,2011-01-01,1,1\n" + row + "\n");

        (int exit, _, string error) = Run("features", "--input", input, "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_AsOfBeforeAllData_ExitsTwo()
    {
        using var folder = new TempFolder();
        string input = folder.File("t.csv");
        File.WriteAllText(input, Transactions(5));

        (int exit, _, string error) = Run("features", "--input", input, "--as-of", "2000-01-01", "--output", folder.Path);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("is before the first transaction", error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("features.csv")));
    }

    [Theory]
    [InlineData("uplift", "--outcome", "segment")]
    [InlineData("abtest", "--metric", "visit")]
    [InlineData("features", "--encoding", "ebcdic")]
    [InlineData("features", "--timezone", "Mars/Olympus")]
    [InlineData("features", "--delimiter", "ab")]
    [InlineData("features", "--date-format", "%")]
    public void Run_BadInputOption_ExitsOne(string verb, string option, string value)
    {
        using var folder = new TempFolder();
        string input = folder.File("h.csv");
        File.WriteAllLines(input, File.ReadLines(Outputs.SharedData("hillstrom.csv")).Take(50));
        string[] args = verb switch
        {
            "uplift" => ["uplift", "--input", input, "--treatment", "segment", "--features", "recency", option, value],
            "abtest" => ["abtest", "--input", input, "--arm-column", "segment", "--control", "No E-Mail", "--metric", "visit", option, value],
            _ => ["features", "--input", input, option, value],
        };

        (int exit, _, string error) = Run([.. args, "--output", folder.Path]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Single(error.Trim().Split('\n'));
    }
}
