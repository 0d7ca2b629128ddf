using ModelHub.Upstream;

namespace ModelHub.Ingest.Fetching;

/// <summary>
/// When a body that broke off is continued within the same fetch, from the next upstream that serves it (or the same,
/// if there is no other): a dropped connection, a stall, a reset. Any number of times while each body brings bytes; a
/// few times in a row when none does, so an upstream that never delivers fails the fetch instead of holding it.
/// </summary>
internal sealed class BodyResumes
{
    private const int MaxFruitless = 3;

    private int _fruitless;

    /// <summary>Whether to continue after <paramref name="failure"/>, a body having brought <paramref name="progress"/> bytes.</summary>
    public bool After(Exception failure, long progress, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || !BrokeOff(failure))
        {
            return false;
        }

        _fruitless = progress > 0 ? 0 : _fruitless + 1;
        return _fruitless < MaxFruitless;
    }

    private static bool BrokeOff(Exception failure) => failure switch
    {
        HubException hub => hub.Error is HubError.Stalled or HubError.Timeout or HubError.Unreachable,
        IOException or HttpRequestException => true,
        _ => false,
    };
}
