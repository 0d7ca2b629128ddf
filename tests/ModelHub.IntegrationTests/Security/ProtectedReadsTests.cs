using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ModelHub.IntegrationTests.HubCompatibility;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.Security;

/// <summary>
/// <c>Auth:ProtectReads</c>: reads need a key of either role (or the admin page's session), changes still
/// an admin key in a header; health checks stay open. Over real HTTP, on an Api of its own.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed partial class ProtectedReadsTests(ServeFixture fixture) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> _protectReads = new() { ["Auth:ProtectReads"] = "true" };

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/v1/hub/models")]
    [InlineData("/v1/hub/jobs")]
    [InlineData("/v1/hub/storage")]
    [InlineData("/v1/hub/models/sim/wan/files")]
    public async Task When_reads_are_protected_and_come_without_a_key_Should_answer_a_401_problem_while_either_role_may_read(string url)
    {
        using var client = Client();

        var anonymous = await client.GetAsync(url);
        var wrong = await client.SendAsync(WithKey(HttpMethod.Get, url, "mh_not-a-key-of-this-modelhub"));
        var reader = await client.SendAsync(WithKey(HttpMethod.Get, url, ApiFactory.ReaderKey));
        var admin = await client.SendAsync(WithKey(HttpMethod.Get, url, ApiFactory.AdminKey));

        (await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["title"]!.GetValue<string>().ShouldBe("An API key is required.");
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        reader.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized, url);
        reader.StatusCode.ShouldNotBe(HttpStatusCode.Forbidden, url);
        admin.StatusCode.ShouldBe(reader.StatusCode, url);
    }

    [Fact]
    public async Task When_reads_are_protected_Should_still_need_an_admin_key_for_changes_and_keep_health_checks_open()
    {
        using var client = Client();

        var reader = await client.SendAsync(WithKey(HttpMethod.Post, "/v1/hub/register", ApiFactory.ReaderKey, """{"repo_id": "reads/model"}"""));
        var live = await client.GetAsync("/health/live");

        await reader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_reads_are_protected_Should_need_a_key_or_a_read_token_on_the_hub_routes()
    {
        await fixture.SyncAsync(fixture.CreateClient());
        using var client = Client();
        var url = $"/api/models/{ShippedRepos.Wan}/revision/main";

        var anonymous = await client.GetAsync(url);
        var reader = await client.SendAsync(WithKey(HttpMethod.Get, url, ApiFactory.ReaderKey));
        var file = await client.SendAsync(WithKey(HttpMethod.Get, $"/{ShippedRepos.Wan}/resolve/main/config.json", ApiFactory.ReaderKey));

        await anonymous.ShouldBeHubErrorAsync(HttpStatusCode.Unauthorized, "RepoNotFound");
        reader.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task When_a_visitor_opens_the_admin_page_Should_send_them_to_sign_in_where_a_key_opens_a_read_only_session()
    {
        using var browser = Client(cookies: true);

        var before = await browser.GetAsync("/jobs?state=failed");
        before.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        before.Headers.Location!.OriginalString.ShouldEndWith("/sign-in?return=%2Fjobs%3Fstate%3Dfailed");

        var refused = await SignInAsync(browser, "mh_not-a-key-of-this-modelhub", "/jobs");
        refused.Headers.Location!.OriginalString.ShouldStartWith("/sign-in?failed=1");
        (await browser.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a wrong key opens no session");

        var signedIn = await SignInAsync(browser, ApiFactory.AdminKey, "/jobs");
        signedIn.Headers.Location!.OriginalString.ShouldBe("/jobs");
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("modelhub.session=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldNotContain(ApiFactory.AdminKey);

        (await browser.GetAsync("/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/v1/hub/models")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session reads the REST API (the page's job stream)");
        var change = await browser.PostAsync("/v1/hub/register", JsonContent("""{"repo_id": "reads/session"}"""));
        await change.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await fixture.WithDbAsync(db => Task.FromResult(db.Repositories.Count(r => r.RepoId == "reads/session")))).ShouldBe(0);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task When_signing_in_with_a_return_address_elsewhere_Should_never_send_the_browser_to_another_site(string returnUrl)
    {
        using var browser = Client(cookies: true);

        var signedIn = await SignInAsync(browser, ApiFactory.ReaderKey, returnUrl);

        signedIn.Headers.Location!.OriginalString.ShouldBe("/");
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string key, string returnUrl)
    {
        var form = await browser.GetStringAsync("/sign-in");
        var token = AntiforgeryField().Match(form);
        token.Success.ShouldBeTrue("the sign-in form carries an antiforgery token");
        return await browser.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token.Groups[1].Value,
            ["key"] = key,
            ["return"] = returnUrl,
        }));
    }

    private HttpClient Client(bool cookies = false)
    {
        // A client of our own: redirects are what these tests look at, so none is followed.
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = cookies };
        return new HttpClient(handler) { BaseAddress = fixture.ApiWith(_protectReads).ClientOptions.BaseAddress };
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string url, string key, string? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static StringContent JsonContent(string body) => new(body, new MediaTypeHeaderValue("application/json"));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
