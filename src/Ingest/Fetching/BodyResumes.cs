using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// When a body that broke off is continued within the same fetch, from the next upstream that serves it (or the same,
/// if there is no other): a dropped connection, a stall, a reset. Any number of times while each body brings at least
/// <see cref="FruitfulBytes"/>; once more when one does not, so an upstream that trickles, stalls or truncates every body
/// fails the fetch (and the job's own retries take over) instead of holding it byte by byte.
/// </summary>
internal sealed class BodyResumes
{
    /// <summary>What a body must have brought for its break to be a hiccup rather than the upstream's way.</summary>
    public const long FruitfulBytes = 1024 * 1024;

    private const int MaxFruitless = 2;

    private int _fruitless;

    /// <summary>Whether to continue after <paramref name="failure"/>, the broken body having brought <paramref name="progress"/> bytes.</summary>
    public bool After(Exception failure, long progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !BrokeOff(failure))
        {
            return false;
        }

        _fruitless = progress >= FruitfulBytes ? 0 : _fruitless + 1;
        return _fruitless < MaxFruitless;
    }

    private static bool BrokeOff(Exception failure) => failure switch
    {
        HubException hub => hub.Error is HubError.Stalled or HubError.Timeout or HubError.Unreachable,
        IOException or HttpRequestException => true,
        _ => false,
    };
}
