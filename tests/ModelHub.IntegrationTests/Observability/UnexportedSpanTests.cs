using Microsoft.Extensions.Hosting;
using ModelHub.ServiceDefaults;
using ModelHub.ServiceDefaults.Telemetry;

namespace ModelHub.IntegrationTests.Observability;

/// <summary>
/// A host without an OTLP endpoint records no spans, since nothing would read them, yet keeps their context.
/// (Not in the observability collection: its fixture records every span of this process while it runs.)
/// </summary>
public sealed class UnexportedSpanTests
{
    [Fact]
    public async Task When_no_endpoint_is_set_Should_record_no_span_but_keep_its_trace_context()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        TelemetryExtensions.IsOtlpEnabled(builder.Configuration).ShouldBeFalse();
        builder.AddServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync();

        using (var span = ModelHubTelemetry.Source.StartActivity("unexported probe"))
        {
            // The span exists (so messages carry its context and logs its ids) but gathers no tags or timing.
            span.ShouldNotBeNull();
            (span.IsAllDataRequested, span.Recorded).ShouldBe((false, false));
            span.TraceId.ToHexString().ShouldNotBe(new string('0', 32));
        }

        await host.StopAsync();
    }
}
