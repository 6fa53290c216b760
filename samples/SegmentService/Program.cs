using SegmentService;

// A minimal scoring service: POST /segment and /offer take one customer's raw features or transactions
// as JSON, GET /health reports the model in service. Configure SegmentService:ModelPath (a saved
// segmentation.model.json) or SegmentService:TrainingTransactions (an Online Retail CSV to fit at start-up).
WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddSegmentService(builder.Configuration);

WebApplication app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapSegmentService();
app.Run();

/// <summary>The entry point, public so that tests can host the service with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
