namespace ModelHub.UpstreamSimulator.Faults;

/// <summary>
/// What can go wrong, for the whole simulator, a repository or one file. The counted faults
/// (<see cref="RateLimited"/>, <see cref="ServerErrors"/>, <see cref="DroppedConnections"/>,
/// <see cref="TruncatedBodies"/>, <see cref="CorruptedBodies"/>, <see cref="StalledBodies"/>,
/// <see cref="OversizeBodies"/>) hit the next N matching requests and then stop; <c>int.MaxValue</c> means always. Latency and bandwidth hold until changed.
/// </summary>
public sealed class FaultKnobs
{
    private int _rateLimited;
    private int _serverErrors;
    private int _droppedConnections;
    private int _truncatedBodies;
    private int _corruptedBodies;
    private int _stalledBodies;
    private int _oversizeBodies;

    /// <summary>Added before the response starts.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Bytes per second per response body (file content only); null for unlimited.</summary>
    public long? BytesPerSecond { get; set; }

    /// <summary>The next N requests answer 429 with <c>RateLimit</c>, <c>RateLimit-Policy</c> and <c>Retry-After</c>.</summary>
    public int RateLimited { get => Volatile.Read(ref _rateLimited); set => Volatile.Write(ref _rateLimited, value); }

    /// <summary>The <c>t=</c> of <c>RateLimit</c> and the integer <c>Retry-After</c>, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The next N requests answer <see cref="ServerErrorStatus"/>.</summary>
    public int ServerErrors { get => Volatile.Read(ref _serverErrors); set => Volatile.Write(ref _serverErrors, value); }

    public int ServerErrorStatus { get; set; } = 503;

    /// <summary>The next N file bodies stop after <see cref="DropAfterBytes"/> and the connection is aborted.</summary>
    public int DroppedConnections { get => Volatile.Read(ref _droppedConnections); set => Volatile.Write(ref _droppedConnections, value); }

    public long DropAfterBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Aborts the connection each time this many more file bytes have gone out under these knobs, counted across every
    /// body (ranges of one download included): a link that drops every N bytes. Null for never.
    /// </summary>
    public long? DropEveryBytes { get; set; }

    private long _servedSinceDrop;

    /// <summary>The next N file bodies end after <see cref="TruncateAfterBytes"/> though <c>Content-Length</c> promised more.</summary>
    public int TruncatedBodies { get => Volatile.Read(ref _truncatedBodies); set => Volatile.Write(ref _truncatedBodies, value); }

    public long TruncateAfterBytes { get; set; } = 64 * 1024;

    /// <summary>The next N file bodies have bytes flipped (same length, wrong hash).</summary>
    public int CorruptedBodies { get => Volatile.Read(ref _corruptedBodies); set => Volatile.Write(ref _corruptedBodies, value); }

    /// <summary>
    /// The next N file bodies send <see cref="StallAfterBytes"/> and then nothing, holding the connection
    /// open until the client gives up: an upstream that hangs mid-file.
    /// </summary>
    public int StalledBodies { get => Volatile.Read(ref _stalledBodies); set => Volatile.Write(ref _stalledBodies, value); }

    public long StallAfterBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The next N file bodies carry <see cref="OversizeExtraBytes"/> more than the file has after its own
    /// bytes (<c>long.MaxValue</c>: a body that never ends). Without a <c>Content-Length</c> (chunked)
    /// unless <see cref="OversizeAnnounced"/>, when the header announces the larger size.
    /// </summary>
    public int OversizeBodies { get => Volatile.Read(ref _oversizeBodies); set => Volatile.Write(ref _oversizeBodies, value); }

    public long OversizeExtraBytes { get; set; } = 64 * 1024;

    public bool OversizeAnnounced { get; set; }

    /// <summary>Ranged requests are answered <c>200</c> with the whole file, as by a server that does not do ranges.</summary>
    public bool IgnoreRanges { get; set; }

    /// <summary>
    /// The file is published anew once this many of its bodies have gone out: every later answer carries another ETag,
    /// and with <see cref="RepublishedBytesDiffer"/> other bytes of the same length (a new version the commit's hashes do
    /// not describe). Null for never.
    /// </summary>
    public int? RepublishAfterBodies { get; set; }

    public bool RepublishedBytesDiffer { get; set; }

    private int _bodiesServed;

    /// <summary>Whether <see cref="RepublishAfterBodies"/> bodies have gone out.</summary>
    internal bool IsRepublished => RepublishAfterBodies is { } after && Volatile.Read(ref _bodiesServed) >= after;

    internal void CountBody() => Interlocked.Increment(ref _bodiesServed);

    internal bool TakeRateLimited() => Take(ref _rateLimited);

    internal bool TakeServerError() => Take(ref _serverErrors);

    internal bool TakeDroppedConnection() => Take(ref _droppedConnections);

    /// <summary>Counts <paramref name="bytes"/> more served; true when they reach <see cref="DropEveryBytes"/> since the last drop.</summary>
    internal bool ServedAndDue(long bytes)
    {
        if (DropEveryBytes is not { } every || Interlocked.Add(ref _servedSinceDrop, bytes) < every)
        {
            return false;
        }

        Interlocked.Exchange(ref _servedSinceDrop, 0);
        return true;
    }

    internal bool TakeTruncatedBody() => Take(ref _truncatedBodies);

    internal bool TakeCorruptedBody() => Take(ref _corruptedBodies);

    internal bool TakeStalledBody() => Take(ref _stalledBodies);

    internal bool TakeOversizeBody() => Take(ref _oversizeBodies);

    private static bool Take(ref int remaining)
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }

            if (current == int.MaxValue || Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
