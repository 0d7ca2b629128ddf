namespace ModelHub.IntegrationTests.HubCompatibility.ClientFlows;

/// <summary>Writes each request a client sends to its <see cref="RequestRecorder"/>.</summary>
internal sealed class RecordingHandler(RequestRecorder recorder, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        recorder.Add(request);
        return base.SendAsync(request, cancellationToken);
    }
}
