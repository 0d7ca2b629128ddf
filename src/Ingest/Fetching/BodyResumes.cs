using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// When a body that broke off is continued within the same fetch, from the next upstream that serves it (or the same,
/// if there is no other): a dropped connection, a stall, a reset. Any number of times while each body brings at least
/// <see cref="FruitfulBytes"/>. A body that brings less is continued once, and only from another upstream: an upstream
/// that trickles, stalls or truncates every body fails the fetch (and the job's own retries take over) instead of
/// holding it byte by byte.
/// </summary>
/// <param name="upstreams">How many upstreams the fetch may take bytes from.</param>
internal sealed class BodyResumes(int upstreams)
{
    /// <summary>What a body must have brought for its break to be a hiccup rather than the upstream's way.</summary>
    public const long FruitfulBytes = 1024 * 1024;

    private readonly int _maxFruitless = upstreams > 1 ? 2 : 1;
    private int _fruitless;

    /// <summary>Whether to continue after <paramref name="failure"/>, the broken body having brought <paramref name="progress"/> bytes.</summary>
    public bool After(Exception failure, long progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !BrokeOff(failure))
        {
            return false;
        }

        _fruitless = progress >= FruitfulBytes ? 0 : _fruitless + 1;
        return _fruitless < _maxFruitless;
    }

    private static bool BrokeOff(Exception failure) => failure switch
    {
        HubException hub => hub.Error is HubError.Stalled or HubError.Timeout or HubError.Unreachable,
        IOException or HttpRequestException => true,
        _ => false,
    };
}
