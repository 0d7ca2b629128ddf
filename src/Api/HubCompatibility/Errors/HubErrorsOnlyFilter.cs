using Microsoft.AspNetCore.Diagnostics;

namespace ModelHub.Api.HubCompatibility.Errors;

/// <summary>The Hub routes answer in the Hub's error shape: no status-code page may add a problem body (not even to a HEAD).</summary>
internal sealed class HubErrorsOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return next(context);
    }
}
