using System.Diagnostics;
using Personalization.Monitoring;
using Personalization.Segmentation.Report.Internal;

namespace Personalization.Segmentation.Tests;

/// <summary>Opens the report in real headless Chromium and checks what a person would see is a drawn page, not a blank one.</summary>
public sealed class SegmentationReportBrowserTests : IClassFixture<SyntheticSegmentationFixture>
{
    private const string InstallHint =
        "Install it with `bash eng/chromium.sh` (Debian's chromium package; eng/test.sh runs it and exports PERSONALIZATION_CHROMIUM), "
        + "or set PERSONALIZATION_CHROMIUM to a Chromium or Chrome binary.";

    private readonly SyntheticSegmentationFixture _data;

    public SegmentationReportBrowserTests(SyntheticSegmentationFixture data) => _data = data;

    [Fact]
    public async Task Report_InHeadlessChromium_RendersTheChartsAndTables()
    {
        string chromium = FindChromium();
        DriftReport drift = DriftReport.Compute(
            SyntheticCustomers.Make(300, seed: 21).SelectRows([.. Enumerable.Range(0, 300).Where(r => r % 50 != 49)]),
            SyntheticCustomers.Make(300, seed: 22, recencyShift: 60).SelectRows([.. Enumerable.Range(0, 300).Where(r => r % 50 != 49)]));
        string folder = Directory.CreateTempSubdirectory("personalization-report-").FullName;
        try
        {
            string page = Path.Combine(folder, "report.html");
            string screenshot = Path.Combine(folder, "report.png");
            await File.WriteAllTextAsync(page, SegmentationReport.ToHtml(_data.Model, _data.Features, drift));

            (int exit, string log) = await RunAsync(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                $"--user-data-dir={Path.Combine(folder, "profile")}",
                $"--screenshot={screenshot}", "--window-size=1200,2000", new Uri(page).AbsoluteUri,
            ]);
            Assert.True(File.Exists(screenshot), $"Chromium ({chromium}) exited with {exit} and wrote no screenshot:\n{log}");
            File.Copy(screenshot, Path.Combine(AppContext.BaseDirectory, "segmentation-report-screenshot.png"), overwrite: true);

            PngImage image = PngImage.Read(screenshot);
            Assert.Equal(1200, image.Width);
            Assert.Equal(2000, image.Height);
            var histogram = new Dictionary<int, int>();
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0; x < image.Width; x++)
                {
                    int rgb = image.Rgb(x, y);
                    histogram[rgb] = histogram.GetValueOrDefault(rgb) + 1;
                }
            }

            int total = image.Width * image.Height;
            int background = histogram.Values.Max();
            Assert.True(histogram.Count >= 200, $"The screenshot has only {histogram.Count} distinct colours; a drawn report has hundreds (text anti-aliasing, charts).");
            Assert.True(background < total * 0.9, $"One colour covers {background * 100.0 / total:0.0}% of the screenshot; the page looks blank.");

            // Every segment's colour is on screen: its swatches, share bar and scatter points are drawn.
            for (int s = 0; s < _data.Model.SegmentCount; s++)
            {
                (int r, int g, int b) = SegmentColors.Parse(SegmentColors.Of(s));
                int near = histogram.Where(p => Math.Abs(((p.Key >> 16) & 255) - r) <= 3 && Math.Abs(((p.Key >> 8) & 255) - g) <= 3 && Math.Abs((p.Key & 255) - b) <= 3).Sum(p => p.Value);
                Assert.True(near >= 100, $"Segment {s}'s colour {SegmentColors.Of(s)} covers only {near} pixels of the screenshot.");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>PERSONALIZATION_CHROMIUM, /usr/bin/chromium, or chromium on PATH; fails (never skips) without one.</summary>
    private static string FindChromium()
    {
        string? configured = Environment.GetEnvironmentVariable("PERSONALIZATION_CHROMIUM");
        if (!string.IsNullOrEmpty(configured))
        {
            Assert.True(File.Exists(configured), $"PERSONALIZATION_CHROMIUM is '{configured}', which does not exist. {InstallHint}");
            return configured;
        }

        var candidates = new List<string> { "/usr/bin/chromium" };
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, "chromium"));
            candidates.Add(Path.Combine(dir, "chromium-browser"));
        }

        string? found = candidates.FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"Headless Chromium is needed to render the HTML report and was not found (no PERSONALIZATION_CHROMIUM, no /usr/bin/chromium, no chromium on PATH). {InstallHint}");
        return found;
    }

    /// <summary>Runs the browser; a hang (not a slow run) is stopped after ten minutes so the test fails instead of blocking the suite.</summary>
    private static async Task<(int Exit, string Log)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not exit within ten minutes.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
