using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence.Repositories;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility.CallerTokens;

/// <summary>
/// A gated repository ModelHub's own token cannot read, served to readers with their own Hugging Face token
/// (<c>Upstream:CallerTokens</c>): the token is checked with the upstream, lent for the fetch, and never sent to the
/// bridge, stored or kept.
/// </summary>
[Collection(CallerTokenCollection.Name)]
public sealed class CallerTokenTests(CallerTokenFixture fixture) : IAsyncLifetime
{
    private const string Gated = ShippedRepos.Gated;

    private readonly HttpClient _admin = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_the_hubs_token_cannot_read_a_gated_repository_Should_record_its_tree_and_say_which_files_it_left()
    {
        var job = await _admin.SyncAsync(Gated);

        job["summary"]!.GetValue<string>().ShouldContain("small file(s) not stored: the repository is gated");
        var repo = await fixture.WithDbAsync(db => db.Repositories.SingleAsync(r => r.RepoId == Gated));
        repo.Access.ShouldBe(RepositoryAccess.Gated);
        (await fixture.WithDbAsync(db => db.Artifacts.CountAsync(a => a.RepositoryId == repo.Id)))
            .ShouldBe(fixture.Simulator.Catalog[Gated].Main.Files.Count);
    }

    [Fact]
    public async Task When_a_reader_sends_their_own_token_Should_fetch_each_file_with_it_and_never_send_it_to_the_bridge()
    {
        await _admin.SyncAsync(Gated);
        var main = fixture.Simulator.Catalog[Gated].Main;
        using var reader = Reader(fixture.ReaderToken);
        fixture.Simulator.Catalog.Requests.Clear();

        foreach (var file in main.Files)
        {
            (await reader.GetByteArrayAsync($"/{Gated}/resolve/main/{file.Path}")).ShouldBe(file.ReadAllBytes(), file.Path);
        }

        var again = await reader.GetByteArrayAsync($"/{Gated}/resolve/main/config.json");

        again.ShouldBe(main.File("config.json").ReadAllBytes());
        var requests = fixture.Simulator.Catalog.Requests.Snapshot();
        requests.Where(r => r.Kind == "resolve").ShouldAllBe(r => r.Authorized, "the reader's token opened each file upstream");
        requests.Count(r => r.Kind == "resolve").ShouldBe(main.Files.Count + 1, "one check of the token for the repository, one fetch per file; the second read came from the store");
        requests.Where(r => r.Kind == "cdn").ShouldNotBeEmpty();
        requests.Where(r => r.Kind == "cdn").ShouldAllBe(r => !r.HadAuthorization, "a bridge link is another host");
    }

    [Fact]
    public async Task When_a_caller_sends_a_token_the_upstream_refuses_or_none_Should_be_refused_and_the_upstream_asked_once()
    {
        await _admin.SyncAsync(Gated);
        using var stranger = Reader("hf_someone_without_access");
        using var anonymous = ServeFixture.WithoutKey(fixture.CreateClient());
        fixture.Simulator.Catalog.Requests.Clear();

        var first = await stranger.GetAsync($"/{Gated}/resolve/main/config.json");
        var second = await stranger.GetAsync($"/{Gated}/resolve/main/tokenizer.json");
        var nobody = await anonymous.GetAsync($"/{Gated}/resolve/main/config.json");

        await first.ShouldBeHubErrorAsync(HttpStatusCode.Forbidden, "GatedRepo");
        await second.ShouldBeHubErrorAsync(HttpStatusCode.Forbidden, "GatedRepo");
        await nobody.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "GatedRepo");
        fixture.Simulator.Catalog.Requests.Snapshot().Count(r => r.Kind == "resolve").ShouldBe(1, "the upstream's no was remembered for the repository");
    }

    [Fact]
    public async Task When_a_reader_token_was_used_Should_be_found_nowhere_in_the_database_or_the_logs()
    {
        await _admin.SyncAsync(Gated);
        using var reader = Reader(fixture.ReaderToken);
        (await reader.GetAsync($"/{Gated}/resolve/main/model.safetensors")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stranger = Reader("hf_someone_without_access");
        (await stranger.GetAsync($"/{Gated}/resolve/main/config.json")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        fixture.ApiLogs.Lines.ShouldNotBeEmpty();
        fixture.ApiLogs.Lines.ShouldNotContain(line => line.Contains(fixture.ReaderToken, StringComparison.Ordinal));
        fixture.ApiLogs.Lines.ShouldNotContain(line => line.Contains("hf_someone_without_access", StringComparison.Ordinal));

        var tables = await fixture.WithDbAsync(db => db.Database
            .SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
            .ToListAsync());
        tables.ShouldNotBeEmpty();
        foreach (var table in tables)
        {
            // Table names come from the catalog above; the token goes as a parameter.
            var sql = "SELECT count(*)::int AS \"Value\" FROM \"" + table.Replace("\"", "\"\"", StringComparison.Ordinal) + "\" t WHERE t::text LIKE '%' || {0} || '%'";
            var rows = await fixture.WithDbAsync(db => db.Database.SqlQueryRaw<int>(sql, fixture.ReaderToken).SingleAsync());
            rows.ShouldBe(0, table);
        }
    }

    private HttpClient Reader(string token)
    {
        var client = ServeFixture.WithoutKey(fixture.CreateClient());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
