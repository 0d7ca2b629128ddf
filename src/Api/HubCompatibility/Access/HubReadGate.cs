namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Endpoint metadata of every Hub route: the gate <see cref="HubCompatibilityRegistration.UseHubReadGate"/> runs
/// <see cref="HubCallers.RequireTokenAsync"/> before it. A middleware that reads metadata rather than an endpoint filter:
/// a filter wraps every call of the handler in an invocation context, its arguments boxed, on the path a fleet's HEADs take.
/// </summary>
internal sealed class HubReadGate
{
    public static readonly HubReadGate Instance = new();

    private HubReadGate()
    {
    }
}
