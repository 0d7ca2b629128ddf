using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// A client retrying what the upstream does not have is answered from memory for a while, and the upstream is asked
/// once; a rate limit or a server error is never remembered, and never becomes a 404.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class NotFoundAnswerTests(ServeFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync()
    {
        fixture.Simulator.Catalog.ResetFaults();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_a_client_retries_a_revision_the_upstream_does_not_have_Should_ask_the_upstream_once()
    {
        await fixture.SyncAsync(_client);
        var url = $"/api/models/{ShippedRepos.Wan}/revision/no-such-branch";

        var first = await _client.GetAsync(url);
        var askedAfterFirst = fixture.Simulator.Catalog.Requests.CountFor(ShippedRepos.Wan);
        var second = await _client.GetAsync(url);
        var third = await _client.SendAsync(ServeFixture.Request(HttpMethod.Head, $"/{ShippedRepos.Wan}/resolve/no-such-branch/config.json"));

        await first.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RevisionNotFound");
        await second.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RevisionNotFound");
        await third.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RevisionNotFound");
        fixture.Simulator.Catalog.Requests.CountFor(ShippedRepos.Wan).ShouldBe(askedAfterFirst, "the upstream's answer was remembered");
    }

    [Fact]
    public async Task When_a_client_retries_a_repository_the_upstream_does_not_have_Should_ask_the_upstream_once()
    {
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["PullThrough:AutoRegister"] = "true" });
        using var client = api.CreateClient();
        const string Missing = "sim/not-on-the-hub";

        var first = await client.GetAsync($"/api/models/{Missing}/revision/main");
        var askedAfterFirst = fixture.Simulator.Catalog.Requests.CountFor(Missing);
        var second = await client.GetAsync($"/{Missing}/resolve/main/config.json");
        var legacy = await client.GetAsync("/api/models/not-a-legacy-id");
        var legacyAsked = fixture.Simulator.Catalog.Requests.CountFor("not-a-legacy-id");
        var legacyAgain = await client.GetAsync("/api/models/not-a-legacy-id");

        await first.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await second.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        askedAfterFirst.ShouldBeGreaterThan(0);
        fixture.Simulator.Catalog.Requests.CountFor(Missing).ShouldBe(askedAfterFirst);
        await legacy.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        await legacyAgain.ShouldBeHubErrorAsync(HttpStatusCode.NotFound, "RepoNotFound");
        legacyAsked.ShouldBeGreaterThan(0);
        fixture.Simulator.Catalog.Requests.CountFor("not-a-legacy-id").ShouldBe(legacyAsked);
    }

    [Fact]
    public async Task When_the_upstream_rate_limits_a_sync_on_demand_Should_answer_a_server_error_and_not_remember_it()
    {
        var api = fixture.ApiWith(new Dictionary<string, string?> { ["PullThrough:AutoRegister"] = "true" });
        using var client = api.CreateClient();
        var repoId = $"sim/limited-{Guid.NewGuid():N}"[..28];
        var upstream = fixture.Simulator.Catalog.AddRepo(repoId, b => b.Text("config.json", "{}\n"));
        upstream.Faults.RateLimited = int.MaxValue;

        var limited = await client.GetAsync($"/api/models/{repoId}/revision/main");
        upstream.Faults.RateLimited = 0;
        var after = await client.GetAsync($"/api/models/{repoId}/revision/main");

        ((int)limited.StatusCode).ShouldBeGreaterThanOrEqualTo(500, "a 429 is the upstream's trouble, not a missing repository");
        limited.Headers.Contains("X-Error-Code").ShouldBeFalse();
        after.StatusCode.ShouldBe(HttpStatusCode.OK, "nothing was remembered of the rate limit");
        (await after.ReadJsonAsync())["sha"]!.GetValue<string>().ShouldBe(upstream.Main.Sha);
    }
}
