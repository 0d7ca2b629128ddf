using System.Net;

namespace ModelHub.Upstream.Tests;

public class HeaderParsingTests
{
    private static readonly TimeSpan _max = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("<https://h/a?cursor=2>; rel=\"next\"", "https://h/a?cursor=2")]
    [InlineData("<https://h/prev>; rel=\"prev\", <https://h/next>; rel=\"next\"", "https://h/next")]
    [InlineData("<https://h/x>;rel=next", "https://h/x")]
    [InlineData("  < https://h/x >  ;  title=\"a, b\" ;  rel = \"last next\"  ", "https://h/x")]
    [InlineData("</api/models/a/tree/main?cursor=3>; rel=\"next\"", "http://base/api/models/a/tree/main?cursor=3")]
    [InlineData("<https://h/x>; rel=\"prev\"", null)]
    [InlineData("garbage", null)]
    public void When_reading_a_link_header_Should_find_the_next_page(string header, string? expected)
    {
        using var response = new HttpResponseMessage { RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://base/api/models/a/tree/main") };
        response.Headers.TryAddWithoutValidation("Link", header);

        LinkHeader.FindNext(response)?.AbsoluteUri.ShouldBe(expected);
        (LinkHeader.FindNext(response) is null).ShouldBe(expected is null);
    }

    [Theory]
    [InlineData(429, "\"api\";r=0;t=9", null, 10)]
    [InlineData(429, "\"api\";r=12;t=9", "7", 7)]
    [InlineData(429, "\"pages\";r=4;t=1, \"api\";r=0;t=2", null, 3)]
    [InlineData(503, null, "4", 4)]
    [InlineData(429, null, "600", 60)]
    [InlineData(429, "\"api\";r=0;t=500", null, 60)]
    public void When_the_hub_says_how_long_to_wait_Should_wait_that_long_up_to_the_cap(int status, string? rateLimit, string? retryAfter, int seconds)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (rateLimit is not null)
        {
            response.Headers.TryAddWithoutValidation("RateLimit", rateLimit);
        }

        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        HubResilience.DelayAskedFor(response, _max).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void When_the_hub_says_nothing_Should_leave_the_wait_to_the_backoff()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        HubResilience.DelayAskedFor(response, _max).ShouldBeNull();
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("refs/pr/1", "refs%2Fpr%2F1")]
    [InlineData("v1.0 beta~x", "v1.0%20beta~x")]
    public void When_escaping_a_revision_Should_escape_every_reserved_character(string revision, string expected) =>
        HubUrls.EscapeRevision(revision).ShouldBe(expected);
}
