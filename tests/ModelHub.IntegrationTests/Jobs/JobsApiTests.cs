using ModelHub.Contracts.Jobs;

namespace ModelHub.IntegrationTests.Jobs;

[Collection(ApiCollection.Name)]
public sealed class JobsApiTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_a_sync_is_submitted_Should_be_accepted_register_the_repository_and_run_to_completion()
    {
        var response = await _client.PostAsJsonAsync("/v1/hub/sync", new { repo_id = "org/model" });

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var accepted = await response.ReadJsonAsync();
        var id = accepted["id"]!.GetValue<Guid>();
        response.Headers.Location!.ToString().ShouldBe($"/v1/hub/jobs/{id}");
        accepted["kind"]!.GetValue<string>().ShouldBe("sync");
        accepted["state"]!.GetValue<string>().ShouldBe("pending");
        accepted["repo_id"]!.GetValue<string>().ShouldBe("org/model");

        var job = await _client.WaitForJobAsync(id, "completed");
        job["attempts"]!.GetValue<int>().ShouldBe(1);
        job["started_at"].ShouldNotBeNull();
        job["finished_at"].ShouldNotBeNull();
        job["dispatched_at"].ShouldNotBeNull();
        fixture.SyncService.CommandsReceived[id].ShouldBe(1);
        (await _client.GetAsync("/v1/hub/models/org/model")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_a_job_has_failed_Should_allow_a_retry_and_once_finished_neither_retry_nor_cancel()
    {
        var calls = 0;
        fixture.SyncService.Behaviour = context => Interlocked.Increment(ref calls) == 1
            ? context.Publish(new JobFailed(context.Message.JobId, context.Message.Attempt, "gated: configure a token with access"))
            : FakeSyncService.CompleteAtOnce(context);
        var id = await _client.SubmitSyncAsync("org/gated");
        var failed = await _client.WaitForJobAsync(id, "failed");
        failed["error"]!.GetValue<string>().ShouldBe("gated: configure a token with access");

        (await _client.PostAsync($"/v1/hub/jobs/{id}/retry", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var completed = await _client.WaitForJobAsync(id, "completed");
        completed["attempts"]!.GetValue<int>().ShouldBe(2);
        completed["error"].ShouldBeNull();
        var retryAgain = await _client.PostAsync($"/v1/hub/jobs/{id}/retry", null);
        (await retryAgain.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("completed");
        await (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task When_a_job_is_running_Should_allow_a_cancel_and_refuse_a_retry()
    {
        fixture.SyncService.Behaviour = FakeSyncService.StartAndHold;
        var id = await _client.SubmitSyncAsync("org/slow");
        await _client.WaitForJobAsync(id, "running");

        await (await _client.PostAsync($"/v1/hub/jobs/{id}/retry", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var job = await _client.WaitForJobAsync(id, "cancelled");
        job["error"]!.GetValue<string>().ShouldStartWith("cancelled");
    }

    [Fact]
    public async Task When_the_job_is_unknown_Should_answer_404_problems()
    {
        var id = Guid.NewGuid();

        await (await _client.GetAsync($"/v1/hub/jobs/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/v1/hub/jobs/{id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/v1/hub/jobs/{id}/retry", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/hub/jobs/not-a-guid")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_a_stream_has_nothing_to_report_Should_answer_its_headers_at_once()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var response = await _client.GetAsync($"/v1/hub/jobs/stream?id={Guid.NewGuid()}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
    }

    [Fact]
    public async Task When_jobs_are_listed_Should_be_newest_first_paged_and_filtered()
    {
        fixture.SyncService.Behaviour = FakeSyncService.StartAndHold;
        var ids = new List<Guid>();
        foreach (var repo in new[] { "org/a", "org/b", "org/a", "org/c", "org/a" })
        {
            ids.Add(await _client.SubmitSyncAsync(repo));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync("/v1/hub/jobs?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(j => j!["id"]!.GetValue<Guid>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null && seen.Count < 10);

        seen.ShouldBe(Enumerable.Reverse(ids).ToList());
        var forA = await (await _client.GetAsync("/v1/hub/jobs?repo_id=org/a&kind=sync")).ReadJsonAsync();
        forA["items"]!.AsArray().Count.ShouldBe(3);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        (await (await _client.GetAsync($"/v1/hub/jobs?since={future}")).ReadJsonAsync())["items"]!.AsArray().ShouldBeEmpty();
        // A time with an offset is the same instant as in UTC (PostgreSQL stores timestamptz in UTC only).
        var anHourAgoAtPlusTwo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(2)).ToString("O"));
        var aMinuteAheadAtMinusFive = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToOffset(TimeSpan.FromHours(-5)).ToString("O"));
        (await (await _client.GetAsync($"/v1/hub/jobs?since={anHourAgoAtPlusTwo}")).ReadJsonAsync())["items"]!.AsArray()
            .Select(j => j!["id"]!.GetValue<Guid>()).ShouldBe(Enumerable.Reverse(ids), ignoreOrder: true);
        (await (await _client.GetAsync($"/v1/hub/jobs?since={aMinuteAheadAtMinusFive}")).ReadJsonAsync())["items"]!.AsArray().ShouldBeEmpty();
        await _client.WaitForJobAsync(ids[^1], "running");
        var running = await (await _client.GetAsync("/v1/hub/jobs?state=running")).ReadJsonAsync();
        running["items"]!.AsArray().Select(j => j!["id"]!.GetValue<Guid>()).ShouldContain(ids[^1]);
    }

    [Theory]
    [InlineData("kind=upload", "kind")]
    [InlineData("state=done", "state")]
    [InlineData("repo_id=a--b/c", "repo_id")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=xyz", "cursor")]
    public async Task When_a_filter_is_invalid_Should_answer_400_naming_it(string query, string parameter)
    {
        var problem = await (await _client.GetAsync($"/v1/hub/jobs?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem["errors"]![parameter].ShouldNotBeNull();
    }

    [Fact]
    public async Task When_a_sync_names_an_invalid_repository_id_Should_refuse_it_and_queue_nothing()
    {
        await (await _client.PostAsJsonAsync("/v1/hub/sync", new { repo_id = "../etc" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await fixture.WithDbAsync(db => Task.FromResult(db.Jobs.Count()))).ShouldBe(0);
    }
}
