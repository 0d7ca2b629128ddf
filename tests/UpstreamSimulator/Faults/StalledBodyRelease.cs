namespace ModelHub.UpstreamSimulator.Faults;

/// <summary>Counts a held stalled body out again when its client leaves (see <see cref="Catalog.RepoCatalog.StalledBodiesHeld"/>).</summary>
internal sealed class StalledBodyRelease(Action release) : IDisposable
{
    public void Dispose() => release();
}
