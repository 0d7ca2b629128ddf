using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Telemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>
/// What leaves a host: OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says where, and logs that
/// carry their trace. (In the observability collection: the variable is process-wide.)
/// </summary>
[Collection(ObservabilityCollection.Name)]
public sealed class ExportTests
{
    [Fact]
    public async Task When_the_endpoint_variable_is_set_Should_switch_otlp_export_on()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var probe = $"otlp probe {Guid.NewGuid():N}";

        await RunProbeHostAsync(collector.Endpoint, probe);

        var traces = collector.Requests.Where(r => r.Path == "/opentelemetry.proto.collector.trace.v1.TraceService/Export").ToList();
        traces.ShouldNotBeEmpty($"a trace export, among: {string.Join(", ", collector.Requests.Select(r => r.Path))}");
        traces.ShouldContain(r => Encoding.UTF8.GetString(r.Body).Contains(probe, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_endpoint_variable_is_not_set_Should_export_nothing()
    {
        await using var collector = await OtlpCollector.StartAsync();

        await RunProbeHostAsync(endpoint: null, $"otlp probe {Guid.NewGuid():N}");

        collector.Requests.ShouldBeEmpty();
        TelemetryExtensions.IsOtlpEnabled(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).ShouldBeFalse();
    }

    [Fact]
    public async Task When_a_log_is_written_inside_a_span_Should_carry_its_trace_and_span_ids()
    {
        var logs = new LockedList<LogRecord>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(logs));
        using var host = builder.Build();
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILogger<ExportTests>>();

        using (var span = ModelHubTelemetry.Source.StartActivity("logging probe"))
        {
            span.ShouldNotBeNull();
            logger.LogInformation("Stored {Path}", "config.json");
            var record = logs.Snapshot().Where(r => r.Body == "Stored {Path}").ShouldHaveSingleItem();
            record.TraceId.ShouldBe(span.TraceId);
            record.SpanId.ShouldBe(span.SpanId);
            record.Attributes.ShouldNotBeNull().ShouldContain(a => a.Key == "Path" && Equals(a.Value, "config.json"));
        }

        await host.StopAsync();
    }

    private static async Task RunProbeHostAsync(string? endpoint, string spanName)
    {
        Environment.SetEnvironmentVariable(TelemetryExtensions.OtlpEndpointVariable, endpoint);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
            builder.AddServiceDefaults();
            using var host = builder.Build();
            await host.StartAsync();
            using (ModelHubTelemetry.Source.StartActivity(spanName))
            {
            }

            host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);
            await host.StopAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(TelemetryExtensions.OtlpEndpointVariable, null);
        }
    }

    /// <summary>Just enough of an OTLP/gRPC receiver (HTTP/2 without TLS) to see what arrives.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpCollector(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Path, byte[] Body)> Requests { get; } = new();

        public string Endpoint => _app.Urls.Single();

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector.Requests.Enqueue((context.Request.Path.Value ?? "", body.ToArray()));
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(new byte[5]); // an empty message, uncompressed
                context.Response.AppendTrailer("grpc-status", "0");
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
