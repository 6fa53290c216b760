using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Extensions.DependencyInjection;
using Personalization.Persistence;
using Personalization.Segmentation;

namespace Personalization.SegmentService.Tests;

/// <summary>The service started from a saved segmentation.model.json (SegmentService:ModelPath) answers like the fitted model it was saved from.</summary>
public sealed class SavedModelTests(SegmentServiceFactory fitted) : IClassFixture<SegmentServiceFactory>
{
    [Fact]
    public async Task Segment_FromSavedModelFile_SameAnswerAsTheFittedModel()
    {
        string folder = Path.Combine(Path.GetTempPath(), "segment-service-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "segmentation.model.json");
            SegmentationModel model = fitted.Services.GetRequiredService<IModelRegistry>().Get<SegmentationModel>("segments");
            ModelPersistence.SaveToFile(model, path);
            using WebApplicationFactory<Program> fromFile = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("SegmentService:ModelPath", path));
            using HttpClient saved = fromFile.CreateClient();
            using HttpClient live = fitted.CreateClient();
            const string body = """{"features": {"recency_days": 200, "frequency": 1, "monetary": 90, "aov": 90, "tenure_days": 200, "return_rate": 0}}""";

            JsonElement a = await Segment(saved, body);
            JsonElement b = await Segment(live, body);

            Assert.Equal(b.GetProperty("segment").GetInt32(), a.GetProperty("segment").GetInt32());
            Assert.Equal(b.GetProperty("distance").GetDouble(), a.GetProperty("distance").GetDouble());
            Assert.Equal(b.GetProperty("persona").GetString(), a.GetProperty("persona").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<JsonElement> Segment(HttpClient client, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PostAsync(new Uri("/segment", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
