namespace ModelHub.Api.Management.Repositories;

/// <summary>
/// <c>{"access": "gated"}</c>: <c>public</c>, <c>gated</c> or <c>private</c> is kept whatever the upstream says;
/// <c>unknown</c> hands the repository back to the upstream's answers (and <c>HubApi:UnknownAccess</c> until one comes).
/// </summary>
internal sealed record SetAccessRequest(string? Access);
