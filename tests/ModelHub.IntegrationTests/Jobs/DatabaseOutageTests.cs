using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.UpstreamSimulator.Catalog;
using Npgsql;

namespace ModelHub.IntegrationTests.Jobs;

/// <summary>
/// PostgreSQL going away under running downloads (tests/faults/broker-db-restart.sh restarts the real one):
/// before the services waited an outage out, every command they took meanwhile went to download-artifact_error
/// and its job stayed Pending for ever.
/// </summary>
[Collection(DatabaseOutageCollection.Name)]
public sealed class DatabaseOutageTests(DatabaseOutageFixture fixture) : IAsyncLifetime
{
    private const int Downloads = 20;
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Downloads_in_flight_while_the_database_is_away_all_complete_once_it_is_back()
    {
        await _client.WaitForJobAsync(await _client.SubmitSyncAsync(ShippedRepos.ManyWeights), "completed", 60);
        var weights = await fixture.WithDbAsync(db => db.Artifacts.Where(a => a.Path.StartsWith("weights/"))
            .OrderBy(a => a.Path).Take(Downloads).Select(a => a.Id).ToListAsync());
        fixture.Simulator.Catalog[ShippedRepos.ManyWeights].Faults.BytesPerSecond = 256 * 1024; // half a second a file

        var response = await _client.PostAsJsonAsync("/v1/hub/download", new { artifact_ids = weights });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        await WaitForJobsAsync(jobs => jobs.Any(j => j.CurrentState == JobStateNames.Completed) && jobs.Any(j => j.CurrentState == JobStateNames.Running));

        fixture.Database.Cut();
        await Task.Delay(TimeSpan.FromSeconds(3)); // how long the database stays away
        fixture.Database.Restore();

        var jobs = await WaitForJobsAsync(jobs => jobs.Count(j => JobStateNames.IsFinished(j.CurrentState)) == Downloads, seconds: 120);
        jobs.ShouldAllBe(j => j.CurrentState == JobStateNames.Completed && j.Attempts == 1);
        (await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, "download-artifact_error")).ShouldBe(0u);
        (await Broker.CountMessagesAsync(fixture.RabbitMqConnectionString, "job-lifecycle_error")).ShouldBe(0u);
    }

    private async Task<List<JobState>> WaitForJobsAsync(Func<List<JobState>, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        List<JobState> jobs = [];
        while (DateTime.UtcNow < deadline)
        {
            jobs = await fixture.WithDbAsync(db => db.Jobs.AsNoTracking().Where(j => j.Kind == JobKind.Download).ToListAsync());
            if (condition(jobs))
            {
                return jobs;
            }

            await Task.Delay(100);
        }

        var states = string.Join(", ", jobs.GroupBy(j => j.CurrentState).Select(g => $"{g.Key}: {g.Count()}"));
        throw new ShouldAssertException($"after {seconds} s the downloads are {states}");
    }
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
