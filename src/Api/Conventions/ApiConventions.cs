using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelHub.Api.Conventions;

internal static class ApiConventions
{
    /// <summary>snake_case JSON, strict bodies, RFC 7807 errors and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddApiConventions(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        // A body that does not bind becomes an exception, which ProblemDetailsExceptionHandler turns
        // into a 400 with the reason; otherwise ASP.NET Core answers an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseApiConventions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        return app;
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
