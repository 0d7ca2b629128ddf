using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace ModelHub.Api.Management.Conventions;

/// <summary>
/// Turns a request that could not be read (malformed JSON, wrong types, too large) into a 4xx problem
/// details response that says why. Anything else stays a 500, logged by the framework.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                Detail = Describe(badRequest),
            },
        });
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException json
            ? $"The body is not valid JSON for this endpoint: {json.Message}"
            : exception.Message;
}
