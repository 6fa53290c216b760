using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Personalization.SegmentService.Tests;

/// <summary>The service in-process, its model fitted at start-up on the bundled Online Retail transactions (../shared/data).</summary>
public sealed class SegmentServiceFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SegmentService:TrainingTransactions", DataPath("online_retail.csv.gz"));
        builder.UseSetting("SegmentService:ClusterCount", "4");
        builder.UseEnvironment("Production");
    }

    public static string DataPath(string fileName)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Personalization.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", fileName));
            }
        }

        throw new InvalidOperationException("Personalization.sln not found.");
    }
}
