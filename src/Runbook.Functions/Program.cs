using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runbook;
using Runbook.Http;

// Composition only: every behaviour lives in Runbook.Core and Runbook.Http. Options are validated at start-up,
// so bad configuration stops the host with a message naming the key.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var telemetry = builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Application Insights has local auth disabled (infra/modules/monitoring.bicep): telemetry is sent with the
    // managed identity that AZURE_CLIENT_ID names, which holds Monitoring Metrics Publisher.
    telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
}

builder.Services.AddRunbookCore(builder.Configuration).AddRunbookHttp();
builder.Build().Run();
