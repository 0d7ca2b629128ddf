using ModelHub.UpstreamSimulator.Api;

namespace ModelHub.UpstreamSimulator.Files;

/// <summary>
/// With a bridge port, the bridge and the Hub are two servers as on huggingface.co: the bridge's port answers only bridge
/// links, and the Hub's port never does, so a client that rebuilt a link on the Hub's origin (or kept the Hub's token
/// for the bridge's) would find out.
/// </summary>
internal static class BridgeSeparation
{
    public static IApplicationBuilder UseBridgeSeparation(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<SimulatorOptions>();
        return app.Use(async (context, next) =>
        {
            var path = RawPath.Of(context);
            if (options.BridgePort is { } bridge
                && !path.StartsWith("/_sim/", StringComparison.Ordinal)
                && (context.Connection.LocalPort == bridge) != path.StartsWith("/cdn/", StringComparison.Ordinal))
            {
                await HubErrors.WriteAsync(context, HubErrors.PageNotFound);
                return;
            }

            await next(context);
        });
    }
}
