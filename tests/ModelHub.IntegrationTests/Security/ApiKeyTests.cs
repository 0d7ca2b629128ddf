using System.Net.Http.Headers;

namespace ModelHub.IntegrationTests.Security;

/// <summary>Every change of ModelHub needs an admin key; reads do not; refusals are problem details.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFixture fixture) : IAsyncLifetime
{
    public static readonly TheoryData<string, string, string?> Changes = new()
    {
        { "POST", "/v1/hub/register", """{"repo_id": "keys/model"}""" },
        { "POST", "/v1/hub/sync", """{"repo_id": "keys/model"}""" },
        { "POST", "/v1/hub/download", """{"artifact_ids": ["0199a4c5-0000-7000-8000-000000000001"]}""" },
        { "POST", "/v1/hub/scan", """{"mode": "verify"}""" },
        { "POST", "/v1/hub/jobs/0199a4c5-0000-7000-8000-000000000001/cancel", null },
        { "POST", "/v1/hub/jobs/0199a4c5-0000-7000-8000-000000000001/retry", null },
        { "POST", "/v1/hub/models/keys/model/pin", null },
        { "DELETE", "/v1/hub/models/keys/model/pin", null },
    };

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task When_a_change_comes_without_a_key_Should_answer_a_401_problem_and_change_nothing(string method, string url, string? body)
    {
        var response = await SendAsync(method, url, body, auth: null);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem["title"]!.GetValue<string>().ShouldBe("An API key is required.");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await fixture.Factory.WithDbAsync(db => Task.FromResult(db.Repositories.Count() + db.Jobs.Count()))).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task When_a_change_comes_with_a_reader_key_Should_be_forbidden(string method, string url, string? body)
    {
        var response = await SendAsync(method, url, body, auth: ("Authorization", $"Bearer {ApiFactory.ReaderKey}"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task When_the_key_is_wrong_Should_refuse_it_and_never_echo_it()
    {
        const string wrong = "mh_this-is-not-a-key-of-this-modelhub";

        var response = await SendAsync("POST", "/v1/hub/register", """{"repo_id": "keys/model"}""", auth: ("Authorization", $"Bearer {wrong}"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem["title"]!.GetValue<string>().ShouldBe("The API key is not valid.");
        problem.ToJsonString().ShouldNotContain(wrong);
    }

    [Fact]
    public async Task When_an_admin_key_is_sent_in_either_header_Should_work_while_reads_need_none()
    {
        (await SendAsync("POST", "/v1/hub/register", """{"repo_id": "keys/bearer"}""", auth: ("Authorization", $"Bearer {ApiFactory.AdminKey}"))).StatusCode
            .ShouldBe(HttpStatusCode.Created);
        (await SendAsync("POST", "/v1/hub/register", """{"repo_id": "keys/header"}""", auth: ("X-Api-Key", ApiFactory.AdminKey))).StatusCode
            .ShouldBe(HttpStatusCode.Created);

        foreach (var url in new[] { "/v1/hub/models", "/v1/hub/models/keys/bearer", "/v1/hub/jobs", "/v1/hub/storage", "/health/live" })
        {
            (await SendAsync("GET", url, null, auth: null)).StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string url, string? body, (string Header, string Value)? auth)
    {
        var client = fixture.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        }

        if (auth is var (header, value))
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return await client.SendAsync(request);
    }
}
