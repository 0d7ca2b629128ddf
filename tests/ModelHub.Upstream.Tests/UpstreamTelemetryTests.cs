using ModelHub.TestSupport;
using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class UpstreamTelemetryTests
{
    [Fact]
    public async Task When_a_file_is_read_from_the_upstream_Should_count_every_byte_once()
    {
        var content = Respond.Bytes(5000);
        await using var hub = await StubHub.StartAsync(context =>
        {
            context.Response.ContentLength = content.Length;
            return context.Response.Body.WriteAsync(content).AsTask();
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);
        using var telemetry = new TelemetryRecorder();

        await using (var download = await host.Client.DownloadAsync(HubRepo.Model("org/name"), new string('a', 40), "model.bin", 0, CancellationToken.None))
        {
            await download.Content.CopyToAsync(Stream.Null);
        }

        telemetry.Sum(UpstreamTelemetry.BytesDownloadedName).ShouldBe(content.Length);
    }
}
