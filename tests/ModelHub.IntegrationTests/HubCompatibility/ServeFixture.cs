using System.Net.Http.Headers;
using ModelHub.UpstreamSimulator.Catalog;

namespace ModelHub.IntegrationTests.HubCompatibility;

/// <summary>
/// The sync fixture with the Api on real HTTP (streaming, aborted connections and absolute links
/// behave as clients see them), a read token, and small tree pages so paging shows with 42 files.
/// </summary>
public sealed class ServeFixture() : ServiceStackFixture("serve", realServer: true)
{
    public const string ReadToken = "hf_modelhub_test_reader";
    public const int TreePageSize = 10;

    protected override IReadOnlyDictionary<string, string?> ApiSettings => new Dictionary<string, string?>
    {
        ["HubApi:ReadTokens:0"] = ReadToken,
        ["HubApi:TreePageSize"] = TreePageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HubApi:ExpandedTreePageSize"] = "5",
        ["PullThrough:SyncWait"] = "00:00:30",
    };

    /// <summary>Syncs <paramref name="repoId"/> (main) through the Api and waits for it; the upstream's commit it mirrored.</summary>
    public async Task<SimCommit> SyncAsync(HttpClient client, string repoId = ShippedRepos.Wan)
    {
        await client.SyncAsync(repoId);
        return Simulator.Catalog[repoId].Main;
    }

    /// <summary>A client as the Hugging Face clients are: without ModelHub's admin key (a test adds a read token per request).</summary>
    public HttpClient CreateHubClient() => WithoutKey(CreateClient());

    /// <summary><paramref name="client"/> without ModelHub's admin key, as a Hugging Face client is.</summary>
    public static HttpClient WithoutKey(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public static HttpRequestMessage Request(HttpMethod method, string url, string? range = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (range is not null)
        {
            request.Headers.Range = RangeHeaderValue.Parse(range);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}

public static class HubAssertions
{
    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.Single()
        : throw new ShouldAssertException($"no {name} header in the {(int)response.StatusCode} response");

    /// <summary>Asserts the Hub's error shape: status, X-Error-Code, X-Error-Message and (except for HEAD) {"error": …}.</summary>
    public static async Task ShouldBeHubErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        if (code is null)
        {
            response.Headers.Contains("X-Error-Code").ShouldBeFalse();
        }
        else
        {
            response.Header("X-Error-Code").ShouldBe(code);
        }

        response.Header("X-Error-Message").ShouldNotBeNullOrWhiteSpace();
        if (response.RequestMessage!.Method == HttpMethod.Head)
        {
            body.ShouldBeEmpty();
            return;
        }

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        System.Text.Json.Nodes.JsonNode.Parse(body)!["error"]!.GetValue<string>().ShouldBe(response.Header("X-Error-Message"));
    }
}
