using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ModelHub.Api.Security;

internal sealed class ReadAccessHandler(IOptionsMonitor<ApiKeyOptions> options) : AuthorizationHandler<ReadAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadAccessRequirement requirement)
    {
        if (!options.CurrentValue.ProtectReads || context.User.IsInRole(Roles.Reader) || context.User.IsInRole(Roles.Admin))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
