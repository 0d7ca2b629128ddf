using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ModelHub.Api.HubCompatibility;

namespace ModelHub.Api.Tests.HubCompatibility;

/// <summary>How a Hub URL's revision and path are read from the raw target, as each client encodes them.</summary>
public sealed class HubRouteTests
{
    [Theory]
    [InlineData("/org/name/resolve/main/config.json", "main", "config.json")]
    [InlineData("/org/name/resolve/main/a/b/c.safetensors", "main", "a/b/c.safetensors")]
    [InlineData("/org/name/resolve/refs%2Fpr%2F1/config.json", "refs/pr/1", "config.json")]
    [InlineData("/org/name/resolve/refs/pr/1/config.json", "refs/pr/1", "config.json")]
    [InlineData("/org/name/resolve/refs/convert/parquet/default/train/0.parquet", "refs/convert/parquet", "default/train/0.parquet")]
    [InlineData("/org/name/resolve/refs/heads/x.json", "refs", "heads/x.json")]
    [InlineData("/org/name/resolve/main/a%2Fb/c%20d.txt", "main", "a/b/c d.txt")]
    [InlineData("/org/name/resolve/main//a///b.txt", "main", "a/b.txt")]
    [InlineData("/org/name/resolve/main/a/b/", "main", "a/b")]
    [InlineData("/org/name/resolve/%72efs/pr/2/x", "refs/pr/2", "x")]
    [InlineData("/org/name/resolve/v1.0/weights.bin?download=true", "v1.0", "weights.bin")]
    public void When_a_file_route_is_read_Should_give_its_decoded_revision_and_path(string target, string revision, string path) =>
        HubRoute.RevisionAndPath(Request(target), skip: 3).ShouldBe((revision, path));

    [Theory]
    [InlineData("/org/name/resolve/main")]
    [InlineData("/org/name/resolve/main/")]
    [InlineData("/org/name/resolve/refs/pr/1")]
    public void When_no_path_follows_the_revision_Should_give_a_null_path(string target) =>
        HubRoute.RevisionAndPath(Request(target), skip: 3)!.Value.Path.ShouldBeNull();

    [Theory]
    [InlineData("/org/name/resolve")]
    [InlineData("/org/name/resolve/")]
    [InlineData("/org/name")]
    public void When_the_route_ends_before_the_revision_Should_give_nothing(string target) =>
        HubRoute.RevisionAndPath(Request(target), skip: 3).ShouldBeNull();

    [Fact]
    public void When_the_api_sits_under_a_path_base_Should_skip_its_segments()
    {
        var context = Request("/hub/mirror/org/name/resolve/main/config.json");
        context.Request.PathBase = "/hub/mirror";

        HubRoute.RevisionAndPath(context, skip: 3).ShouldBe(("main", "config.json"));
        HubRoute.RawTarget(context).ShouldSatisfyAllConditions(
            raw => raw.Segments.ShouldBe(["org", "name", "resolve", "main", "config.json"]),
            raw => raw.Query.ShouldBeEmpty());
    }

    [Fact]
    public void When_the_raw_target_is_asked_for_Should_keep_each_segment_encoded_and_the_query()
    {
        var (segments, query) = HubRoute.RawTarget(Request("/gpt2/resolve/refs%2Fpr%2F1//a%20b?x=1"));

        segments.ShouldBe(["gpt2", "resolve", "refs%2Fpr%2F1", "a%20b"]);
        query.ShouldBe("?x=1");
    }

    private static DefaultHttpContext Request(string target)
    {
        var context = new DefaultHttpContext();
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        return context;
    }
}
