using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ModelHub.Persistence.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL that <c>./hub test</c> started: created by the
/// migrations, dropped at the end. Tests use fresh ids, so they need no reset.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public string DatabaseName { get; } = $"modelhub_pt_{Guid.NewGuid():N}"[..24];

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "ConnectionStrings__Postgres is not set. Run these tests with `./hub test`, which starts PostgreSQL for them.");

        // A cap well below max_connections (100), which the other test assemblies share.
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName, MaxPoolSize = 30 }.ConnectionString;

        await using var services = AddDatabase(new ServiceCollection()).BuildServiceProvider();
        await services.MigrateModelHubDatabaseAsync();
    }

    public IServiceCollection AddDatabase(IServiceCollection services) =>
        services.AddDbContext<ModelHubDbContext>(options => options.UseModelHubPostgres(ConnectionString));

    public ModelHubDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<ModelHubDbContext>();
        options.UseModelHubPostgres(ConnectionString);
        return new ModelHubDbContext(options.Options);
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
