using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Persistence;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>
/// The real Api, in process, against the PostgreSQL, RabbitMQ and Redis that <c>./hub test</c> started.
/// (Any public type of the Api's assembly names its entry point; every web host has a <c>Program</c>.)
/// </summary>
public sealed class ApiFactory(
    string postgresConnectionString, string rabbitMqConnectionString, Action<IServiceCollection>? configureServices = null,
    IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<ModelHub.Api.Management.Jobs.JobResponse>
{
    /// <summary>The admin key every test client sends (see <see cref="ConfigureClient"/>); its hash is the Api's only admin key.</summary>
    public static readonly string AdminKey = ModelHub.Api.Security.ApiKeys.NewKey();

    /// <summary>A key with the reader role.</summary>
    public static readonly string ReaderKey = ModelHub.Api.Security.ApiKeys.NewKey();

    private static readonly string _adminKeyHash = ModelHub.Api.Security.ApiKeys.Hash(AdminKey);
    private static readonly string _readerKeyHash = ModelHub.Api.Security.ApiKeys.Hash(ReaderKey);

    /// <summary>The store of an Api whose test gives it none: the Api needs one to start, these tests never fill it.</summary>
    private static readonly string _defaultStoreRoot = Path.Combine(Path.GetTempPath(), "modelhub-api-tests-store");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", postgresConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", rabbitMqConnectionString);
        // Announce stranded jobs again quickly, so the never-lost tests finish in seconds.
        builder.UseSetting("Jobs:RedispatchAfter", "00:00:01");
        builder.UseSetting("Jobs:DispatcherInterval", "00:00:00.2");
        builder.UseSetting("Storage:Root", _defaultStoreRoot);
        builder.UseSetting("Auth:Keys:0:Name", "tests");
        builder.UseSetting("Auth:Keys:0:Role", "admin");
        builder.UseSetting("Auth:Keys:0:Hash", _adminKeyHash);
        builder.UseSetting("Auth:Keys:1:Name", "test-reader");
        builder.UseSetting("Auth:Keys:1:Role", "reader");
        builder.UseSetting("Auth:Keys:1:Hash", _readerKeyHash);
        builder.UseFixtureSettings(settings ?? new Dictionary<string, string?>(), configureServices);
    }

    /// <summary>Test clients act as an operator with an admin key; the security tests take it off.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }
}

public static class ApiFactoryExtensions
{
    /// <summary>Runs <paramref name="work"/> on a DbContext of the Api's own, in a scope of its own.</summary>
    public static async Task<T> WithDbAsync<T>(this ApiFactory factory, Func<ModelHubDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ModelHubDbContext>());
    }

    /// <summary>Empties every table of the fixture's database (the schema stays), and the file rows the Api remembers from it.</summary>
    public static async Task ResetDatabaseAsync(this ApiFactory factory)
    {
        // The services keep reading while a test starts (a repository's summary refreshed after the last test's downloads):
        // a reader holding one of the tables while TRUNCATE holds another is a deadlock PostgreSQL breaks by failing one side.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("TRUNCATE job, model_revision, model_artifact, model_repo, scan_report CASCADE"));
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }

        factory.Services.GetRequiredService<ResolvedFiles>().Clear();
        factory.Services.GetRequiredService<NotFoundAnswers>().Clear();
    }
}
