using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Personalization.Extensions.DependencyInjection;
using Personalization.Features;
using Personalization.Segmentation;

namespace Personalization.SegmentService.Tests;

public sealed class SegmentServiceTests(SegmentServiceFactory factory) : IClassFixture<SegmentServiceFactory>
{
    private const string GoodFeatures = """{"customerId": "c-1", "features": {"recency_days": 12, "frequency": 9, "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""";

    private SegmentationModel Model => factory.Services.GetRequiredService<IModelRegistry>().Get<SegmentationModel>("segments");

    [Fact]
    public async Task Health_AfterStartupFit_ReportsModelVersionAndFeatures()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        JsonElement body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("modelVersion").GetInt32());
        Assert.Equal(SegmentationModel.CurrentFormatVersion, body.GetProperty("formatVersion").GetInt32());
        Assert.Equal(4, body.GetProperty("segments").GetInt32());
        Assert.Equal(Model.FeatureNames, body.GetProperty("features").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task Segment_RawFeatures_MatchesTheModelDirectly()
    {
        using HttpClient client = factory.CreateClient();
        FeatureMatrix<double> row = FeatureMatrix<double>.FromRows([[12, 9, 2400, 266, 340, 0.02]], [.. Model.FeatureNames]);
        SegmentAssignment expected = Model.AssignCustomers(row);

        using HttpResponseMessage response = await Post(client, "/segment", GoodFeatures);
        JsonElement body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        int segment = body.GetProperty("segment").GetInt32();
        Assert.Equal(expected.Segments[0], segment);
        Assert.Equal(expected.Distances[0], body.GetProperty("distance").GetDouble(), 12);
        Assert.Equal("c-1", body.GetProperty("customerId").GetString());
        Assert.Equal(Model.Segments.Single(s => s.Segment == segment).Persona, body.GetProperty("persona").GetString());
        Assert.Equal(1, body.GetProperty("modelVersion").GetInt32());
    }

    [Fact]
    public async Task Segment_Transactions_MatchesFeatureExtractionThenModel()
    {
        using HttpClient client = factory.CreateClient();
        const string request = """
            {"customerId": "17850", "asOf": "2011-12-10T00:00:00", "transactions": [
              {"orderId": "536365", "timestamp": "2011-03-01T08:26:00", "quantity": 6, "unitPrice": 2.55},
              {"orderId": "536366", "timestamp": "2011-09-01T08:28:00", "quantity": 12, "unitPrice": 1.85, "category": "home"},
              {"orderId": "C536367", "timestamp": "2011-09-05T09:00:00", "quantity": -2, "unitPrice": 1.85, "isReturn": true},
              {"orderId": "536368", "timestamp": "2011-11-28T10:00:00", "quantity": 24, "unitPrice": 4.95, "channel": "online"}]}
            """;
        Transaction[] transactions =
        [
            new("17850", "536365", new DateTime(2011, 3, 1, 8, 26, 0), 6, 2.55),
            new("17850", "536366", new DateTime(2011, 9, 1, 8, 28, 0), 12, 1.85) { Category = "home" },
            new("17850", "C536367", new DateTime(2011, 9, 5, 9, 0, 0), -2, 1.85) { IsReturn = true },
            new("17850", "536368", new DateTime(2011, 11, 28, 10, 0, 0), 24, 4.95) { Channel = "online" },
        ];
        SegmentAssignment expected = Model.Assign(transactions, new CustomerFeatureOptions { AsOf = new DateTime(2011, 12, 10) });

        using HttpResponseMessage response = await Post(client, "/segment", request);
        JsonElement body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.Segments[0], body.GetProperty("segment").GetInt32());
        Assert.Equal(expected.Distances[0], body.GetProperty("distance").GetDouble(), 12);
    }

    [Fact]
    public async Task Offer_RawFeatures_ReturnsTheSegmentsPlaybookAction()
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await Post(client, "/offer", GoodFeatures);
        JsonElement body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SegmentSummary summary = Model.Segments.Single(s => s.Segment == body.GetProperty("segment").GetInt32());
        Assert.Equal(summary.RecommendedOffer, body.GetProperty("offer").GetString());
        Assert.Equal(summary.Play.OfferType, body.GetProperty("offerType").GetString());
        Assert.Equal(summary.Play.Channel, body.GetProperty("channel").GetString());
        Assert.Equal(summary.Play.MaxDiscount, body.GetProperty("maxDiscount").GetDouble());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "missing feature", """{"features": {"recency_days": 12, "frequency": 9, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""", "features.monetary" },
        { "unknown column", """{"features": {"recency_days": 12, "frequency": 9, "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02, "age": 40}}""", "features.age" },
        { "NaN as a string", """{"features": {"recency_days": 12, "frequency": "NaN", "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""", "features.frequency" },
        { "wrong type", """{"features": {"recency_days": true, "frequency": 9, "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""", "features.recency_days" },
        { "overflow to infinity", """{"features": {"recency_days": 12, "frequency": 9, "monetary": 1e400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""", "features.monetary" },
        { "features not an object", """{"features": [12, 9]}""", "features" },
        { "unknown field", """{"feature": {}}""", "feature" },
        { "neither features nor transactions", """{"customerId": "c-1"}""", "$" },
        { "both", """{"features": {}, "transactions": []}""", "$" },
        { "not an object", """[1, 2, 3]""", "$" },
        { "customer id not a string", """{"customerId": 5, "features": {"recency_days": 12, "frequency": 9, "monetary": 2400, "aov": 266, "tenure_days": 340, "return_rate": 0.02}}""", "customerId" },
        { "empty transactions", """{"transactions": []}""", "transactions" },
        { "transaction without price", """{"transactions": [{"orderId": "1", "timestamp": "2011-03-01T08:26:00", "quantity": 6}]}""", "transactions[0].unitPrice" },
        { "bad timestamp", """{"transactions": [{"orderId": "1", "timestamp": "yesterday", "quantity": 6, "unitPrice": 1}]}""", "transactions[0].timestamp" },
        { "quantity as string", """{"transactions": [{"orderId": "1", "timestamp": "2011-03-01T08:26:00", "quantity": "6", "unitPrice": 1}]}""", "transactions[0].quantity" },
        { "unknown transaction field", """{"transactions": [{"orderId": "1", "timestamp": "2011-03-01T08:26:00", "quantity": 6, "unitPrice": 1, "vat": 0.2}]}""", "transactions[0].vat" },
        { "bad asOf", """{"asOf": 20111210, "transactions": [{"orderId": "1", "timestamp": "2011-03-01T08:26:00", "quantity": 6, "unitPrice": 1}]}""", "asOf" },
        { "returns only", """{"asOf": "2011-12-10T00:00:00", "transactions": [{"orderId": "C1", "timestamp": "2011-03-01T08:26:00", "quantity": -6, "unitPrice": 1}]}""", "transactions" },
        { "no purchase", """{"features": {"recency_days": 12, "frequency": 0, "monetary": 0, "aov": 0, "tenure_days": 340, "return_rate": 0}}""", "features" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Segment_BadInput_Returns400ValidationProblemNamingTheField(string why, string body, string field)
    {
        using HttpClient client = factory.CreateClient();

        foreach (string path in new[] { "/segment", "/offer" })
        {
            using HttpResponseMessage response = await Post(client, path, body);
            JsonElement problem = await Json(response);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why} on {path}: {(int)response.StatusCode} {problem}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: no error for '{field}' in {problem}");
        }
    }

    [Theory]
    [InlineData("""{"features": {"recency_days": NaN}}""")]
    [InlineData("""{"features": """)]
    [InlineData("")]
    [InlineData("""{"features": {"recency_days": 12,}}""")]
    public async Task Segment_InvalidJson_Returns400Problem(string body)
    {
        using HttpClient client = factory.CreateClient();

        using HttpResponseMessage response = await Post(client, "/segment", body);
        JsonElement problem = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_NotJson_Returns415Problem()
    {
        using HttpClient client = factory.CreateClient();
        using var content = new StringContent("recency_days=12", Encoding.UTF8, "application/x-www-form-urlencoded");

        using HttpResponseMessage response = await client.PostAsync(new Uri("/segment", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Segment_CountsScoringOnTheRegistry()
    {
        using HttpClient client = factory.CreateClient();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        long scorings = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PersonalizationTelemetry.MeterName && instrument.Name == "personalization.model.scorings")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref scorings, value));
        listener.Start();

        using HttpResponseMessage response = await Post(client, "/segment", GoodFeatures);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Interlocked.Read(ref scorings) >= 1);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());
}
