using Polly.CircuitBreaker;

namespace ModelHub.Upstream.Sources;

/// <summary>What this process has seen of one upstream: its circuit, its last answer, its last failure, the wrong bytes it served.</summary>
public sealed class UpstreamState(UpstreamEndpoint endpoint)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _answeredAt;
    private DateTimeOffset? _failedAt;
    private string? _lastError;
    private long _wrongBytes;

    public UpstreamEndpoint Endpoint { get; } = endpoint;

    /// <summary>Its circuit's state, read by <see cref="Status"/> (attached to the pipeline by <see cref="HubResilience"/>).</summary>
    public CircuitBreakerStateProvider Circuit { get; } = new();

    /// <summary>Closes its circuit by hand (an operator who knows it is back; a test that must not inherit the last one's faults).</summary>
    public CircuitBreakerManualControl CircuitControl { get; } = new();

    internal void Answered(DateTimeOffset at)
    {
        lock (_gate)
        {
            _answeredAt = at;
        }
    }

    internal void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            (_failedAt, _lastError) = (at, error);
        }
    }

    /// <summary>Its bytes for a file did not match the hashes the metadata recorded (the file was then taken from elsewhere, or not at all).</summary>
    public void ServedWrongBytes(DateTimeOffset at, string what)
    {
        Interlocked.Increment(ref _wrongBytes);
        Failed(at, what);
    }

    public UpstreamStatus Status()
    {
        lock (_gate)
        {
            var reachability = (_answeredAt, _failedAt) switch
            {
                (null, null) => UpstreamReachability.Unknown,
                ({ } answered, { } failed) when failed > answered => UpstreamReachability.Failing,
                (null, _) => UpstreamReachability.Failing,
                _ => UpstreamReachability.Answering,
            };
            return new UpstreamStatus(
                Endpoint.Name,
                UpstreamStatus.Displayed(Endpoint.Url),
                Endpoint.Role,
                reachability,
                Endpoint.HasCircuit ? Circuit.CircuitState : null,
                _answeredAt,
                _failedAt,
                _lastError,
                Interlocked.Read(ref _wrongBytes));
        }
    }
}
