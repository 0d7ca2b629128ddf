namespace ModelHub.Api.Security;

/// <summary>
/// Endpoint metadata: the endpoint judges its callers itself and requires no authorization policy, so the
/// authentication middleware is not run for it (<see cref="SecurityRegistration.UseKeyOrSessionAuthentication"/>).
/// </summary>
internal sealed class JudgesOwnCallers
{
    public static readonly JudgesOwnCallers Instance = new();

    private JudgesOwnCallers()
    {
    }
}
