using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.UpstreamSimulator.Catalog;
using Npgsql;

namespace ModelHub.IntegrationTests.Jobs;

/// <summary>
/// PostgreSQL going away under running downloads (tests/faults/broker-db-restart.sh restarts the real one):
/// the services must wait the outage out, for a command taken meanwhile that went to download-artifact_error
/// instead would leave its job Pending for ever.
/// </summary>
[Collection(DatabaseOutageCollection.Name)]
public sealed class DatabaseOutageTests(DatabaseOutageFixture fixture) : IAsyncLifetime
{
    private const int Downloads = 20;
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_database_goes_away_under_downloads_in_flight_Should_complete_them_all_once_it_is_back()
    {
        await _client.SyncAsync(ShippedRepos.ManyWeights);
        var weights = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path.StartsWith("weights/"))
            .OrderBy(a => a.Path).Take(Downloads).Select(a => a.Id).ToListAsync());
        fixture.Simulator.Catalog[ShippedRepos.ManyWeights].Faults.BytesPerSecond = 256 * 1024; // half a second a file

        await _client.SubmitDownloadsAsync(new { artifact_ids = weights });
        await WaitForJobsAsync(
            jobs => jobs.Any(j => j.CurrentState == JobStateNames.Completed) && jobs.Any(j => j.CurrentState == JobStateNames.Running),
            "a download completed and another running");

        fixture.Database.Cut();
        await Task.Delay(TimeSpan.FromSeconds(3)); // how long the database stays away
        fixture.Database.Restore();

        var jobs = await WaitForJobsAsync(jobs => jobs.Count(j => JobStateNames.IsFinished(j.CurrentState)) == Downloads, $"{Downloads} finished downloads", seconds: 120);
        jobs.ShouldAllBe(j => j.CurrentState == JobStateNames.Completed && j.Attempts == 1);
        (await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, "download-artifact_error")).ShouldBe(0u);
        (await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, "job-lifecycle_error")).ShouldBe(0u);
    }

    private Task<List<JobState>> WaitForJobsAsync(Func<List<JobState>, bool> condition, string expected, int seconds = 60) =>
        fixture.Api.WaitForJobsAsync(condition, expected, seconds, JobKind.Download);
}

/// <summary>The stack of <see cref="SyncFixture"/>, its Api and workers reaching PostgreSQL through a <see cref="CuttableProxy"/>.</summary>
public sealed class DatabaseOutageFixture() : ServiceStackFixture("outage")
{
    private CuttableProxy? _proxy;

    public CuttableProxy Database => _proxy ?? throw new InvalidOperationException("The fixture is not initialised.");

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(DatabaseConnectionString) { Host = "127.0.0.1", Port = Database.Port }.ConnectionString,
        // sim/many-weights' 128 KiB files wait for download jobs.
        ["Sync:SmallFileLimitBytes"] = "65536",
    };

    public override async Task InitializeAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestInfrastructure.Require("Postgres"));
        _proxy = CuttableProxy.Start(server.Host!, server.Port);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseOutageCollection : ICollectionFixture<DatabaseOutageFixture>
{
    public const string Name = "database-outage";
}
