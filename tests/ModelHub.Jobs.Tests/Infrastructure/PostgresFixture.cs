using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Persistence;
using ModelHub.TestSupport;

namespace ModelHub.Jobs.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL that <c>./hub test</c> started: created by the
/// migrations, dropped at the end. Tests use fresh ids, so they need no reset.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? "";

    public async Task InitializeAsync()
    {
        _database = new TestDatabase("modelhub_pt");
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
        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
