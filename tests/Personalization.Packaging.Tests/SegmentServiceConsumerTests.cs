using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Personalization.Packaging.Tests;

/// <summary>The SegmentService sample (ASP.NET Core minimal API) rebuilt outside the repository against the packed
/// packages from the local folder feed instead of project references, started as its own process on a loopback port,
/// fitted at start-up on the bundled Online Retail file, and called over HTTP.</summary>
public sealed class SegmentServiceConsumerTests
{
    private static readonly TimeSpan s_startupLimit = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task SegmentService_FromLocalFeed_ServesSegmentsAndProblemDetails()
    {
        string root = PackageFeed.RepositoryRoot();
        string app = Path.Combine(Path.GetTempPath(), "personalization-service-" + Guid.NewGuid().ToString("N"));

        Process? service = null;
        var log = new StringBuilder();
        try
        {
            // The feed is added to the machine's configured sources (nuget.org or its mirror), which restore the
            // Microsoft.Extensions dependencies; ASP.NET Core itself is the shared framework of Sdk.Web.
            await PackageFeed.WriteConsumerNuGetConfigAsync(app, "service-packages");
            CopySources(Path.Combine(root, "samples", "SegmentService"), app);
            await File.WriteAllTextAsync(Path.Combine(app, "SegmentService.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <InvariantGlobalization>true</InvariantGlobalization>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Personalization.Segmentation" Version="{PackageFeed.Version}" />
                    <PackageReference Include="Personalization.Extensions.DependencyInjection" Version="{PackageFeed.Version}" />
                  </ItemGroup>
                </Project>
                """);

            (int exit, string output) = await RunAsync(app, "build", "-c", "Release");
            Assert.True(exit == 0, $"the service did not build against the packages (exit {exit}):\n{output}");
            string assets = await File.ReadAllTextAsync(Path.Combine(app, "obj", "project.assets.json"));
            Assert.Contains("\"Personalization.Segmentation/0.1.0\"", assets, StringComparison.Ordinal);
            Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);

            int port = FreeLoopbackPort();
            string url = $"http://127.0.0.1:{port}";
            string data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "online_retail.csv.gz"));
            ProcessStartInfo start = DotnetStart(app, Path.Combine(app, "bin", "Release", "net10.0", "SegmentService.dll"));
            start.Environment["ASPNETCORE_URLS"] = url;
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["SegmentService__TrainingTransactions"] = data;
            start.Environment["SegmentService__ClusterCount"] = "4";
            service = new Process { StartInfo = start };
            service.OutputDataReceived += (_, e) => Append(log, e.Data);
            service.ErrorDataReceived += (_, e) => Append(log, e.Data);
            Assert.True(service.Start(), "the service process did not start");
            service.BeginOutputReadLine();
            service.BeginErrorReadLine();

            // The model is fitted on first use, so the first /health can take as long as the fit.
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = s_startupLimit };
            JsonElement health = await WaitForHealthAsync(client, service, log);
            Assert.Equal("ok", health.GetProperty("status").GetString());
            int segments = health.GetProperty("segments").GetInt32();
            Assert.Equal(4, segments);

            const string customer = """{"customerId": "c-1", "features": {"recency_days": 12, "frequency": 9, "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""";
            (HttpStatusCode status, string? mediaType, JsonElement body) = await PostAsync(client, "/segment", customer);
            Assert.True(status == HttpStatusCode.OK, $"/segment answered {(int)status}: {body}\n{Snapshot(log)}");
            Assert.Equal("c-1", body.GetProperty("customerId").GetString());
            int segment = body.GetProperty("segment").GetInt32();
            Assert.InRange(segment, 0, segments - 1);
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("persona").GetString()), $"no persona in {body}");
            Assert.Equal(1, body.GetProperty("modelVersion").GetInt32());

            (status, mediaType, body) = await PostAsync(client, "/segment", """{"customerId": "c-1"}""");
            Assert.True(status == HttpStatusCode.BadRequest, $"a body without features answered {(int)status}: {body}");
            Assert.Equal("application/problem+json", mediaType);
            Assert.Equal(400, body.GetProperty("status").GetInt32());
            Assert.True(body.GetProperty("errors").TryGetProperty("$", out _), $"no error for '$' in {body}");
        }
        finally
        {
            if (service is not null)
            {
                try
                {
                    if (!service.HasExited)
                    {
                        service.Kill(entireProcessTree: true);
                        await service.WaitForExitAsync();
                    }
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }

                service.Dispose();
            }

            Directory.Delete(app, recursive: true);
        }
    }

    private static async Task<JsonElement> WaitForHealthAsync(HttpClient client, Process service, StringBuilder log)
    {
        // Bounded retry on refused connections while the host starts; a deadline, not a timing assertion.
        DateTime deadline = DateTime.UtcNow + s_startupLimit;
        while (true)
        {
            Assert.False(service.HasExited, $"the service exited during start-up:\n{Snapshot(log)}");
            try
            {
                using HttpResponseMessage response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                string text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/health answered {(int)response.StatusCode}: {text}\n{Snapshot(log)}");
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(text);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, document.RootElement.Clone());
    }

    private static void CopySources(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            string first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj" || relative.EndsWith(".csproj", StringComparison.Ordinal))
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static ProcessStartInfo DotnetStart(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A child of `dotnet test` must not inherit the test host's MSBuild settings.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string folder, params string[] arguments)
    {
        using Process process = Process.Start(DotnetStart(folder, arguments))!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
