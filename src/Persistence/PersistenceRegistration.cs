using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ModelHub.Persistence;

public static class PersistenceRegistration
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>Registers <see cref="ModelHubDbContext"/> on PostgreSQL and its readiness check.</summary>
    public static IHostApplicationBuilder AddModelHubDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration.");

        builder.Services.AddDbContext<ModelHubDbContext>(options => options.UseModelHubPostgres(connectionString));
        builder.Services.AddHealthChecks().AddDbContextCheck<ModelHubDbContext>("postgres", tags: ["ready"]);
        return builder;
    }

    public static DbContextOptionsBuilder UseModelHubPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task MigrateModelHubDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
