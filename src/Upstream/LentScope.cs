namespace ModelHub.Upstream;

/// <summary>Ends an <see cref="UpstreamCredential.Lend"/>: the flow's previous token (usually none) is back.</summary>
internal sealed class LentScope(Action restore) : IDisposable
{
    public void Dispose() => restore();
}
