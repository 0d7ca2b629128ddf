using CsCheck;
using ModelHub.IntegrationTests.HubCompatibility;

namespace ModelHub.IntegrationTests.HostileInput;

/// <summary>
/// Property-based: whatever a hostile client sends to any route (the REST API, the Hugging Face routes,
/// the admin pages), the answer is a 4xx, never a server error, in the shape of its surface; and nothing
/// is written outside the store. A failure prints CsCheck's seed: set <c>CsCheck_Seed</c> to replay it.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class HostileInputProperties(ServeFixture fixture) : IAsyncLifetime
{
    /// <summary>Cases per property: the whole folder runs in well under a minute.</summary>
    private const int Cases = 300;

    /// <summary>The REST API's body limit.</summary>
    private const long BodyLimit = 1024 * 1024;

    private readonly HttpClient _client = fixture.CreateClient();
    private RawHttp _http = null!;
    private StoreGuard _guard = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.SyncAsync(_client);
        _http = new RawHttp(_client.BaseAddress!);
        _guard = StoreGuard.Watch(fixture);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_paths_revisions_and_queries_are_tricked_on_every_route_Should_answer_a_4xx_never_a_server_error()
    {
        await HostileGen.RouteRequest.SampleAsync(async request =>
        {
            var response = await _http.SendAsync(request.Method, request.Target, request.Body, request.ContentType);
            ShouldBeAnAnswer(request, response);
        }, iter: Cases, threads: 2, print: request => request.ToString());

        _guard.ShouldHoldNothingNewOutsideTheStore();
    }

    [Fact]
    public async Task When_json_bodies_are_malformed_or_wrongly_typed_Should_answer_a_4xx_never_a_server_error()
    {
        await HostileGen.JsonRequest.SampleAsync(async request =>
        {
            var response = await _http.SendAsync(request.Method, request.Target, request.Body, request.ContentType);
            ShouldBeAnAnswer(request, response);
            if (request.Surface == Surface.RestApi)
            {
                response.Status.ShouldBeOneOf([200, 201, 202, 400, 404, 409, 413, 415, 422], response.ToString());
            }
        }, iter: Cases, threads: 2, print: request => request.ToString());

        _guard.ShouldHoldNothingNewOutsideTheStore();
    }

    [Fact]
    public async Task When_bodies_are_over_the_limit_Should_answer_413_problem_details()
    {
        var cases = Gen.Select(HostileGen.RestBodyTarget, Gen.Long[BodyLimit + 1, 64 * BodyLimit], Gen.Int[0, 64 * 1024]);
        await cases.SampleAsync(async (target, declared, sent) =>
        {
            // The length is declared; only the first bytes are sent: the server must refuse without reading the rest.
            // (Few cases: Kestrel takes about a second to give up on each body that never comes.)
            var body = "{\"repo_id\":\"" + new string('a', sent) + "\"";
            var response = await _http.SendAsync("POST", target, body, declaredLength: declared);
            response.Status.ShouldBe(413, response.ToString());
            response.ContentType.ShouldStartWith("application/problem+json", Case.Sensitive, response.ToString());
        }, iter: 20, threads: 2, print: c => $"POST {c.Item1} Content-Length: {c.Item2} (first {c.Item3} bytes sent)");
    }

    /// <summary>No 500; 502–504 only where the Hub routes document them; RFC 7807 for every REST API error.</summary>
    private static void ShouldBeAnAnswer(HostileRequest request, RawResponse response)
    {
        var allowedServerErrors = request.Surface switch
        {
            Surface.HubApi => new[] { 502, 504 },
            Surface.RestApi when request.Target.EndsWith("/cancel", StringComparison.Ordinal) || request.Target.EndsWith("/retry", StringComparison.Ordinal) => [503],
            _ => [],
        };
        if (response.Status >= 500)
        {
            allowedServerErrors.ShouldContain(response.Status, $"{request} answered {response}");
        }

        if (request.Surface == Surface.RestApi && response.Status >= 400 && !RefusedByTheServer(response))
        {
            response.ContentType.ShouldNotBeNull($"{request} answered {response}");
            response.ContentType.ShouldStartWith("application/problem+json", Case.Sensitive, $"{request} answered {response}");
        }
    }

    /// <summary>
    /// Kestrel refuses a request line it cannot parse (414 for a target over 8 KB, 400 for a malformed one)
    /// before any endpoint runs: an empty answer, no route to give it a shape.
    /// </summary>
    private static bool RefusedByTheServer(RawResponse response) =>
        response.Status is 400 or 414 or 431 && response.ContentType is null && response.Body.Length == 0;
}
