using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Upstreams;

/// <summary>Puts this process's view of the upstreams on the <see cref="UpstreamBoard"/> every <see cref="HubClientOptions.StatusShareInterval"/>.</summary>
internal sealed class UpstreamBoardPublisher(UpstreamBoard board, IOptions<HubClientOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatusShareInterval, clock);
        do
        {
            await board.PublishAsync();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
