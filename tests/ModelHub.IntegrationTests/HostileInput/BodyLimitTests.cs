using System.Text;
using ModelHub.IntegrationTests.HubCompatibility;

namespace ModelHub.IntegrationTests.HostileInput;

/// <summary>The REST API's 1 MiB body limit, on Kestrel (the in-memory test server enforces no limit).</summary>
[Collection(ServeCollection.Name)]
public sealed class BodyLimitTests(ServeFixture fixture) : IAsyncLifetime
{
    private const int Limit = 1024 * 1024;

    private readonly HttpClient _client = fixture.CreateClient();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/v1/hub/register")]
    [InlineData("/v1/hub/sync")]
    [InlineData("/v1/hub/download")]
    [InlineData("/v1/hub/scan")]
    public async Task When_a_body_is_over_one_MiB_Should_be_a_413_problem_while_one_of_exactly_one_MiB_is_read(string url)
    {
        var tooLarge = await _client.PostRawJsonAsync(url, Body(Limit + 1));
        var atTheLimit = await _client.PostRawJsonAsync(url, Body(Limit));

        var problem = await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem["detail"]!.GetValue<string>().ShouldBe($"The body is larger than {Limit} bytes, the most a /v1/hub request may send.");
        atTheLimit.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await fixture.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Repositories))).ShouldBe(0);
    }

    [Theory]
    [InlineData("/v1/hub/models/Wan-AI/Wan2.1-T2V-1.3B/pin")]
    [InlineData("/v1/hub/jobs/00000000-0000-0000-0000-000000000000/cancel")]
    public async Task When_a_route_that_reads_no_body_gets_one_declared_over_one_MiB_Should_refuse_it(string url)
    {
        var response = await _client.PostRawJsonAsync(url, Body(Limit + 1));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task When_a_chunked_body_has_no_length_Should_cut_it_at_one_MiB()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Body(2 * Limit))));
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/v1/hub/register", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A JSON body of <paramref name="length"/> bytes whose repo_id is not valid.</summary>
    private static string Body(int length) => "{\"repo_id\": \"" + new string('a', length - "{\"repo_id\": \"\"}".Length) + "\"}";
}
