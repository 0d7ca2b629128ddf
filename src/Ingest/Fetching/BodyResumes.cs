using ModelHub.Storage;
using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// When a body that broke off is continued within the same fetch, from the next upstream that serves it (or the same,
/// if there is no other): a dropped connection, a stall, a reset. Any number of times while the fetch as a whole (every
/// range of it) brings at least <see cref="FruitfulBytes"/> between two breaks. After a break that follows less, the body
/// is continued once more, and only when another upstream may serve it: an upstream that trickles, stalls or truncates
/// every body fails the fetch (and the job's own retries take over) instead of holding it byte by byte. Bodies that break
/// together (every connection of a ranged download when an upstream goes away) are one break, not several.
/// </summary>
/// <param name="upstreams">How many upstreams the fetch may take bytes from.</param>
internal sealed class BodyResumes(int upstreams)
{
    /// <summary>What the fetch must have brought since the last break for the next one to be a hiccup rather than the upstream's way.</summary>
    public const long FruitfulBytes = 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly int _maxFruitless = upstreams > 1 ? 2 : 1;
    private long _written;
    private long _atLastBreak;
    private int _fruitless;
    private int _breaks;
    private bool _lastVerdict;

    /// <summary>The breaks counted so far: a body notes it when it is opened, and passes it to <see cref="After"/>.</summary>
    public int Breaks => Volatile.Read(ref _breaks);

    /// <summary>Counts bytes written by any body of the fetch.</summary>
    public void Wrote(long bytes) => Interlocked.Add(ref _written, bytes);

    /// <summary>
    /// Whether to continue a body, opened when <see cref="Breaks"/> was <paramref name="openedAt"/>, after <paramref name="failure"/>.
    /// </summary>
    public bool After(Exception failure, int openedAt, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !BrokeOff(failure))
        {
            return false;
        }

        lock (_gate)
        {
            if (openedAt < _breaks)
            {
                // Another body's break since this one opened: the same event, judged once.
                return _lastVerdict;
            }

            var written = Interlocked.Read(ref _written);
            _fruitless = written - _atLastBreak >= FruitfulBytes ? 0 : _fruitless + 1;
            _atLastBreak = written;
            _breaks++;
            _lastVerdict = _fruitless < _maxFruitless;
            return _lastVerdict;
        }
    }

    private static bool BrokeOff(Exception failure) => failure switch
    {
        // Not the body's doing: the store's disk has no room for it.
        _ when StoreFullException.IsDiskFull(failure) => false,
        HubException hub => hub.Error is HubError.Stalled or HubError.Timeout or HubError.Unreachable,
        IOException or HttpRequestException => true,
        _ => false,
    };
}
