using System.Globalization;
using ModelHub.UpstreamSimulator.Api;

namespace ModelHub.UpstreamSimulator.Faults;

/// <summary>How a file body must misbehave, decided once per response.</summary>
internal sealed record BodyFaults(long? BytesPerSecond, long? DropAfter, long? TruncateAfter, bool Corrupt)
{
    public static readonly BodyFaults None = new(null, null, null, false);

    /// <summary>Bytes after which the body goes silent, the connection held open.</summary>
    public long? StallAfter { get; init; }

    public Oversize? Oversize { get; init; }

    /// <summary>The knobs that drop a connection every so many bytes served (<see cref="FaultKnobs.DropEveryBytes"/>), if any.</summary>
    public FaultKnobs? DropEvery { get; init; }
}

/// <summary>Bytes sent past the end of the file, and whether <c>Content-Length</c> announces them.</summary>
internal sealed record Oversize(long ExtraBytes, bool Announced);

/// <summary>
/// The knobs that apply to one request, most specific first (file, repository, simulator): the
/// first one with a fault left pays for it.
/// </summary>
internal sealed class FaultScope(IReadOnlyList<FaultKnobs> knobs)
{
    /// <summary>
    /// Waits the latency, then answers 429 or 5xx if a knob says so. True when the response is
    /// written and the caller must stop.
    /// </summary>
    public async Task<bool> TryFailAsync(HttpContext context, string bucket)
    {
        var latency = knobs.Select(k => k.Latency).FirstOrDefault(l => l > TimeSpan.Zero);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        var rateLimiter = knobs.FirstOrDefault(k => k.TakeRateLimited());
        if (rateLimiter is not null)
        {
            await WriteRateLimitedAsync(context, bucket, rateLimiter.RetryAfterSeconds);
            return true;
        }

        var failing = knobs.FirstOrDefault(k => k.TakeServerError());
        if (failing is not null)
        {
            await HubErrors.WriteAsync(context, new HubErrorReply(failing.ServerErrorStatus, null, "Internal Error - We're working hard to fix this as soon as possible!"));
            return true;
        }

        return false;
    }

    /// <summary>Whether ranged requests get the whole file (<see cref="FaultKnobs.IgnoreRanges"/>).</summary>
    public bool IgnoresRanges => knobs.Any(k => k.IgnoreRanges);

    /// <summary>The ETag to announce for <paramref name="etag"/>: another one once the file was published anew.</summary>
    public string ETagOf(string etag) => knobs.Any(k => k.IsRepublished) ? etag + "-republished" : etag;

    public BodyFaults TakeBodyFaults()
    {
        // The body that makes the file count as republished is still of the old version.
        var newBytes = knobs.Any(k => k.IsRepublished && k.RepublishedBytesDiffer);
        foreach (var counting in knobs.Where(k => k.RepublishAfterBodies is not null))
        {
            counting.CountBody();
        }

        var bandwidth = knobs.Select(k => k.BytesPerSecond).FirstOrDefault(b => b > 0);
        var dropper = knobs.FirstOrDefault(k => k.TakeDroppedConnection());
        var truncator = dropper is null ? knobs.FirstOrDefault(k => k.TakeTruncatedBody()) : null;
        var staller = dropper is null && truncator is null ? knobs.FirstOrDefault(k => k.TakeStalledBody()) : null;
        var corrupt = knobs.Any(k => k.TakeCorruptedBody()) || newBytes;
        var oversize = knobs.FirstOrDefault(k => k.TakeOversizeBody());
        return new BodyFaults(bandwidth, dropper?.DropAfterBytes, truncator?.TruncateAfterBytes, corrupt)
        {
            StallAfter = staller?.StallAfterBytes,
            Oversize = oversize is null ? null : new Oversize(oversize.OversizeExtraBytes, oversize.OversizeAnnounced),
            DropEvery = knobs.FirstOrDefault(k => k.DropEveryBytes is > 0),
        };
    }

    private static Task WriteRateLimitedAsync(HttpContext context, string bucket, int retryAfter)
    {
        var seconds = retryAfter.ToString(CultureInfo.InvariantCulture);
        var headers = context.Response.Headers;
        headers["RateLimit"] = $"\"{bucket}\";r=0;t={seconds}";
        headers["RateLimit-Policy"] = $"\"fixed window\";\"{bucket}\";q=1000;w=300";
        headers.RetryAfter = seconds;
        return HubErrors.WriteAsync(context, new HubErrorReply(
            StatusCodes.Status429TooManyRequests, null,
            "You have been rate-limited; you can retry this action in about 5 minutes."));
    }
}
