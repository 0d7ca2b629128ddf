using ModelHub.Persistence;

namespace ModelHub.Api.Database;

/// <summary><c>ModelHub.Api migrate</c>: applies the EF Core migrations and exits (used by <c>./hub up</c> and compose).</summary>
internal static class MigrateCommand
{
    public static bool IsRequested(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args[1..]);
        builder.AddModelHubDatabase();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));

        await host.Services.MigrateModelHubDatabaseAsync();
        logger.LogInformation("The database schema is up to date");
        return 0;
    }
}
