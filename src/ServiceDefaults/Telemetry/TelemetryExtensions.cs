using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.StackExchangeRedis;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ModelHub.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The variable whose presence switches OTLP export on (traces, metrics and logs).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The path of the Prometheus scrape endpoint on every web host.</summary>
    public const string ScrapePath = "/metrics";

    // The Redis instrumentation's spans come from an ActivitySource named after its assembly.
    private static readonly string RedisSource = typeof(StackExchangeRedisInstrumentation).Assembly.GetName().Name!;

    /// <summary>
    /// Traces, metrics and logs for every host. Export is OTLP and switches on only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the other <c>OTEL_*</c> variables apply as usual.
    /// </summary>
    internal static IHostApplicationBuilder AddModelHubTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.AddStructuredLogs();

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceVersion: ServiceVersion)
                .AddAttributes([new("deployment.environment.name", builder.Environment.EnvironmentName)]))
            .WithTracing(tracing => tracing
                .AddSource(ModelHubTelemetry.Name, builder.Environment.ApplicationName, "MassTransit", RedisSource)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .ConfigureRedisInstrumentation((_, _) => { })
                .AddInstrumentation(services => services.GetRequiredService<StackExchangeRedisInstrumentation>()))
            .WithMetrics(metrics => metrics
                .AddMeter(ModelHubTelemetry.Name, builder.Environment.ApplicationName, "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithLogging();

        if (IsOtlpEnabled(builder.Configuration))
        {
            otel.UseOtlpExporter();
        }
        else
        {
            // Nothing would read the spans: they are not recorded (no tags, no timing), which a small request's cost
            // shows. Dropped spans still exist, so the trace context still crosses the broker and the logs still carry
            // the trace and span ids.
            otel.WithTracing(tracing => tracing.SetSampler(new AlwaysOffSampler()));
        }

        return builder;
    }

    /// <summary>True when the standard OTLP endpoint variable (or the same configuration key) is set.</summary>
    public static bool IsOtlpEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

    /// <summary>Maps the Prometheus scrape endpoint at <see cref="ScrapePath"/>.</summary>
    internal static void MapMetricsEndpoint(this WebApplication app) => app.MapPrometheusScrapingEndpoint(ScrapePath);

    /// <summary>
    /// Log lines as JSON with their scopes, which carry the trace and span ids of the work they
    /// belong to; the same records go to OTLP when export is on.
    /// </summary>
    private static void AddStructuredLogs(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddOpenTelemetry(options =>
        {
            options.IncludeScopes = true;
            options.IncludeFormattedMessage = true;
        });
    }

    // Health probes and scrapes every few seconds would drown the traces that matter.
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(ScrapePath);

    private static string ServiceVersion { get; } =
        typeof(TelemetryExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
