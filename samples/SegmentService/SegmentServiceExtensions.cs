using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Personalization.Extensions.DependencyInjection;
using Personalization.Features;
using Personalization.Segmentation;

namespace SegmentService;

/// <summary>Registers and maps the segment service: the model registry, <c>/segment</c>, <c>/offer</c> and <c>/health</c>.</summary>
public static class SegmentServiceExtensions
{
    /// <summary>Adds the model (a factory: the saved file, or a fit at start-up), ProblemDetails and the bad-input handler.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <see cref="SegmentServiceOptions.Section"/> section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSegmentService(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SegmentServiceOptions>(configuration.GetSection(SegmentServiceOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadInputExceptionHandler>();
        services.AddPersonalization(p => p.AddModel(SegmentServiceOptions.ModelName, SegmentModelSource.Create));
        return services;
    }

    /// <summary>Maps <c>POST /segment</c>, <c>POST /offer</c> and <c>GET /health</c>.</summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapSegmentService(this IEndpointRouteBuilder app)
    {
        app.MapPost("/segment", async (HttpRequest request, IModelRegistry registry, TimeProvider time) =>
            await Score(request, registry, time, (model, customer, segment, distance, version) =>
            {
                SegmentSummary summary = Summary(model, segment);
                return new SegmentResponse(customer, segment, summary.Persona, [.. summary.Traits], distance, version);
            }));

        app.MapPost("/offer", async (HttpRequest request, IModelRegistry registry, TimeProvider time) =>
            await Score(request, registry, time, (model, customer, segment, _, version) =>
            {
                SegmentSummary summary = Summary(model, segment);
                return new OfferResponse(customer, segment, summary.Persona, summary.RecommendedOffer, summary.Play.OfferType, summary.Play.CategoryFocus, summary.Play.MaxDiscount, summary.Play.Channel, summary.Play.Cadence, version);
            }));

        app.MapGet("/health", (IModelRegistry registry) =>
        {
            SegmentationModel model = registry.Get<SegmentationModel>(SegmentServiceOptions.ModelName);
            ModelInfo info = registry.Describe(SegmentServiceOptions.ModelName);
            return TypedResults.Ok(new HealthResponse("ok", info.Name, info.Generation, info.LoadedAt, SegmentationModel.CurrentFormatVersion, model.SegmentCount, [.. model.FeatureNames]));
        });
        return app;
    }

    private static async Task<Results<Ok<T>, ValidationProblem, ProblemHttpResult>> Score<T>(
        HttpRequest request, IModelRegistry registry, TimeProvider time, Func<SegmentationModel, string, int, double, int, T> respond)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("The body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem($"The body is not valid JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid JSON");
        }

        using (document)
        {
            SegmentationModel model = registry.Get<SegmentationModel>(SegmentServiceOptions.ModelName);
            int version = registry.Describe(SegmentServiceOptions.ModelName).Generation;
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            DateTime now = time.GetUtcNow().UtcDateTime;
            CustomerRequest? customer = CustomerRequest.Parse(document.RootElement, model.FeatureNames, now, errors);
            if (customer is null)
            {
                return TypedResults.ValidationProblem(errors, title: "The customer could not be read.");
            }

            // request -> features (given, or extracted from the transactions) -> preprocessing (log1p, scaler) -> nearest centroid.
            SegmentAssignment assignment = customer.Features is { } features
                ? registry.Score<SegmentationModel, SegmentAssignment>(SegmentServiceOptions.ModelName, m => m.AssignCustomers(features))
                : registry.Score<SegmentationModel, SegmentAssignment>(SegmentServiceOptions.ModelName, m => m.Assign(customer.Transactions!, new CustomerFeatureOptions { AsOf = customer.AsOf }));
            if (assignment.Segments.IsEmpty)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [customer.Features is null ? "transactions" : "features"] = ["The customer has no purchase in the window (or a feature the model cannot use), so it cannot be segmented."] },
                    title: "The customer cannot be segmented.");
            }

            return TypedResults.Ok(respond(model, customer.CustomerId, assignment.Segments[0], assignment.Distances[0], version));
        }
    }

    private static SegmentSummary Summary(SegmentationModel model, int segment)
    {
        foreach (SegmentSummary s in model.Segments)
        {
            if (s.Segment == segment)
            {
                return s;
            }
        }

        throw new InvalidOperationException($"The model has no summary for segment {segment}.");
    }
}

/// <summary>The answer of <c>/segment</c>.</summary>
/// <param name="CustomerId">The customer id of the request.</param>
/// <param name="Segment">The segment id.</param>
/// <param name="Persona">The segment's persona name.</param>
/// <param name="Traits">The persona's traits.</param>
/// <param name="Distance">The Euclidean distance to the segment's centroid in the scaled feature space.</param>
/// <param name="ModelVersion">The generation of the model that answered (<c>ModelInfo.Generation</c>).</param>
public sealed record SegmentResponse(string CustomerId, int Segment, string Persona, string[] Traits, double Distance, int ModelVersion);

/// <summary>The answer of <c>/offer</c>: the segment's playbook action.</summary>
/// <param name="CustomerId">The customer id of the request.</param>
/// <param name="Segment">The segment id.</param>
/// <param name="Persona">The segment's persona name.</param>
/// <param name="Offer">The offer in words.</param>
/// <param name="OfferType">The playbook's offer type.</param>
/// <param name="CategoryFocus">The product focus.</param>
/// <param name="MaxDiscount">The largest discount, as a fraction (0.1 = 10 %).</param>
/// <param name="Channel">The channel to send it on.</param>
/// <param name="Cadence">How often.</param>
/// <param name="ModelVersion">The generation of the model that answered.</param>
public sealed record OfferResponse(string CustomerId, int Segment, string Persona, string Offer, string OfferType, string CategoryFocus, double MaxDiscount, string Channel, string Cadence, int ModelVersion);

/// <summary>The answer of <c>/health</c>.</summary>
/// <param name="Status">Always <c>ok</c> when the model is in service.</param>
/// <param name="Model">The model name.</param>
/// <param name="ModelVersion">The generation of the model in service: 1 after start-up, one more per reload.</param>
/// <param name="LoadedAt">When it was loaded or fitted.</param>
/// <param name="FormatVersion">The model-file format version.</param>
/// <param name="Segments">The number of segments.</param>
/// <param name="Features">The raw features <c>/segment</c> expects.</param>
public sealed record HealthResponse(string Status, string Model, int ModelVersion, DateTimeOffset? LoadedAt, int FormatVersion, int Segments, string[] Features);

/// <summary>Maps bad input that slipped past the request parser to 400 ProblemDetails instead of 500.</summary>
internal sealed class BadInputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        int? status = exception switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            ArgumentException => StatusCodes.Status400BadRequest,
            _ => null,
        };
        if (status is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = "The request could not be processed.", Detail = exception.Message },
        });
    }
}
