namespace ModelHub.Upstream;

/// <summary>An open download. Dispose it to release the connection.</summary>
public sealed class HubFileDownload(Stream content, long? contentLength, long offset, string? etag, string? commit, HttpResponseMessage response)
    : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>Bytes the body will carry, when the Hub said.</summary>
    public long? ContentLength { get; } = contentLength;

    /// <summary>Where the body starts in the file: the requested offset on a 206, 0 when the Hub ignored the range.</summary>
    public long Offset { get; } = offset;

    /// <summary>The normalised ETag (quotes and <c>W/</c> removed) of the resolve response (<c>X-Linked-Etag</c> first).</summary>
    public string? ETag { get; } = etag;

    /// <summary>Whether the body is the range asked for (a <c>206</c>), not the whole file.</summary>
    public bool IsPartial { get; init; }

    /// <summary><c>X-Repo-Commit</c> of the resolve response.</summary>
    public string? Commit { get; } = commit;

    /// <summary>The name of the upstream that serves the body (<see cref="Sources.UpstreamEndpoint.Name"/>).</summary>
    public string Source { get; init; } = "";

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
