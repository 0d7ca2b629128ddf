using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Api.Management.Conventions;

internal static class ApiConventions
{
    /// <summary>The largest body a management API request may have: 1 MiB, far more than any of its JSON bodies needs.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    private static readonly string _bodyTooLarge = $"The body is larger than {MaxRequestBodyBytes} bytes, the most a {ManagementApi.Prefix} request may send.";

    /// <summary>snake_case JSON, strict bodies, RFC 7807 errors and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        // A body that does not bind becomes an exception, which ProblemDetailsExceptionHandler turns
        // into a 400 with the reason; otherwise ASP.NET Core answers an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // A body over the limit may end the request before an endpoint runs: the status-code page says why.
        builder.Services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail = _bodyTooLarge;
            }
        });
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(LimitRestApiBodies);
        app.MapOpenApi();
        return app;
    }

    /// <summary>
    /// A management API body over <see cref="MaxRequestBodyBytes"/> is refused while it is read (at once when
    /// its Content-Length says so): the server throws a 413 <see cref="BadHttpRequestException"/>, which
    /// <see cref="ProblemDetailsExceptionHandler"/> answers as problem details.
    /// </summary>
    private static Task LimitRestApiBodies(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(ManagementApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        // Also on the routes that read no body: a request that declares too much is refused before any work.
        if (context.Request.ContentLength > MaxRequestBodyBytes)
        {
            throw new BadHttpRequestException(_bodyTooLarge, StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }

        return next(context);
    }

    public static void Configure(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt field is an error, not a silently ignored one.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }
}
