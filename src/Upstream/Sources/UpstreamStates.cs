namespace ModelHub.Upstream.Sources;

/// <summary>Every upstream's <see cref="UpstreamState"/> in this process, in the order they are tried.</summary>
public sealed class UpstreamStates(UpstreamSet upstreams)
{
    private readonly IReadOnlyList<UpstreamState> _states = [.. upstreams.All.Select(e => new UpstreamState(e))];

    public UpstreamState Of(UpstreamEndpoint endpoint) => _states[endpoint.Index];

    /// <summary>The state of the upstream named <paramref name="name"/>, if there is one.</summary>
    public UpstreamState? Named(string name) => _states.FirstOrDefault(s => s.Endpoint.Name == name);

    public IReadOnlyList<UpstreamStatus> Statuses() => [.. _states.Select(s => s.Status())];

    /// <summary>Closes every open circuit: each upstream is asked again at its turn.</summary>
    public async Task CloseCircuitsAsync()
    {
        foreach (var state in _states.Where(s => s.Endpoint.HasCircuit))
        {
            await state.CircuitControl.CloseAsync();
        }
    }
}
