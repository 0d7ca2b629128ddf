namespace ModelHub.Api.Registry;

/// <summary>What the upstream calls a repository now, or, when it could not say, why (<see cref="UpstreamNames"/>).</summary>
internal sealed record UpstreamName(string? CurrentId, RegistrationProblem? Problem);
