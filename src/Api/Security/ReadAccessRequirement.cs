using Microsoft.AspNetCore.Authorization;

namespace ModelHub.Api.Security;

/// <summary>Reading ModelHub: open to all unless <see cref="ApiKeyOptions.ProtectReads"/> is on, then any key's role (or the admin page's session).</summary>
internal sealed class ReadAccessRequirement : IAuthorizationRequirement;
