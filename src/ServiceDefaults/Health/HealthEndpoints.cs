using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModelHub.ServiceDefaults.Health;

public static class HealthEndpoints
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    internal static IHealthChecksBuilder AddLivenessCheck(this IHealthChecksBuilder checks) =>
        checks.AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

    internal static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", Options(check => check.Tags.Contains(LiveTag)));
        app.MapHealthChecks("/health/ready", Options(check => check.Tags.Contains(ReadyTag)));
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) =>
        new() { Predicate = predicate, ResponseWriter = WriteReportAsync };

    // A small JSON report: which dependency is down is the first thing an operator needs.
    // Exception details stay in the logs, where connection strings cannot leak to callers.
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            duration_ms = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
