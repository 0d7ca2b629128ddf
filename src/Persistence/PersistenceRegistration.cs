using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.Persistence.Artifacts;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace ModelHub.Persistence;

public static class PersistenceRegistration
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// PostgreSQL without EF Core: the data source every query of the host shares (<see cref="ArtifactRecords"/>'s,
    /// and the DbContext's where <see cref="AddModelHubDatabase"/> adds it) and its readiness check. A worker that
    /// needs no more (the DownloadService) calls this alone and never loads EF Core.
    /// </summary>
    public static IHostApplicationBuilder AddModelHubDataSource(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. `./hub up` sets it; see README § Configuration.");

        builder.Services.AddNpgsqlDataSource(connectionString);
        builder.Services.AddSingleton<ArtifactRecords>();
        builder.Services.AddHealthChecks().AddNpgSql(name: "postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary>Registers <see cref="ModelHubDbContext"/> on the host's PostgreSQL data source (<see cref="AddModelHubDataSource"/>).</summary>
    public static IHostApplicationBuilder AddModelHubDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddModelHubDataSource();
        builder.Services.AddDbContext<ModelHubDbContext>((services, options) => options.UseModelHubPostgres(services.GetRequiredService<NpgsqlDataSource>()));
        return builder;
    }

    public static DbContextOptionsBuilder UseModelHubPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, ModelHubNpgsql).UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UseModelHubPostgres(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, ModelHubNpgsql).UseSnakeCaseNamingConvention();

    // The provider's settings, whether the context connects by a connection string or through the host's data source.
    private static void ModelHubNpgsql(NpgsqlDbContextOptionsBuilder npgsql) => npgsql.MigrationsHistoryTable("__ef_migrations_history");

    /// <summary>Creates the database if needed and applies every pending migration.</summary>
    public static async Task MigrateModelHubDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
