using Microsoft.AspNetCore.Server.Kestrel.Core;
using ModelHub.UpstreamSimulator.Admin;
using ModelHub.UpstreamSimulator.Api;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;
using ModelHub.UpstreamSimulator.Files;

namespace ModelHub.UpstreamSimulator;

/// <summary>Builds the simulator's web app, for the process and for <see cref="SimulatorHost"/> alike.</summary>
public static class SimulatorApp
{
    /// <param name="options">Null binds the <c>Simulator</c> configuration section (command line, environment).</param>
    /// <param name="listen">Where Kestrel listens, instead of <c>--urls</c>.</param>
    public static WebApplication Create(string[] args, SimulatorOptions? options = null, Action<KestrelServerOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (listen is not null)
        {
            builder.WebHost.ConfigureKestrel(listen);
        }

        if (options is null)
        {
            options = new SimulatorOptions { ConsoleLogging = true };
            builder.Configuration.GetSection("Simulator").Bind(options);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RepoCatalog>();
        builder.Services.AddSingleton<CdnLinks>();

        // Throttled bodies may be slower than Kestrel's minimum data rate on purpose.
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MinResponseDataRate = null);
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

            // Truncated bodies and aborted connections are the point, not server errors.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Critical);
        }

        var app = builder.Build();
        app.UseRequestLog();
        app.UseBridgeSeparation();
        app.MapAdminApi();
        app.MapHubApi();
        app.MapFileEndpoints();
        return app;
    }
}
