using System.Collections.Concurrent;

namespace ModelHub.IntegrationTests.HubCompatibility.ClientFlows;

/// <summary>The requests a replayed client sent, in order, as <c>METHOD path-and-query</c> (see <see cref="RecordingHandler"/>).</summary>
internal sealed class RequestRecorder
{
    private readonly ConcurrentQueue<string> _requests = new();

    public IReadOnlyList<string> Requests => [.. _requests];

    public void Add(HttpRequestMessage request) => _requests.Enqueue($"{request.Method} {request.RequestUri!.PathAndQuery}");
}
