using MassTransit;
using Npgsql;

namespace ModelHub.ServiceDefaults.Messaging;

/// <summary>
/// A database that is restarting, or a connection it dropped, says nothing about the message: the message
/// is tried again, for about two minutes, instead of failing its job or landing in an <c>_error</c> queue.
/// No delayed redelivery exists here (no delayed-exchange plugin), so the retry waits in memory, and the
/// message stays unacknowledged meanwhile: a service that dies while waiting leaves it to the broker.
/// </summary>
public static class OutageRetry
{
    /// <summary>The waits between tries: 2 min 0.5 s in all, longer than a database restart takes.</summary>
    public static IReadOnlyList<TimeSpan> Intervals { get; } =
        [.. new[] { 0.5, 1, 2, 4, 8, 15, 30, 30, 30 }.Select(TimeSpan.FromSeconds)];

    /// <summary>
    /// Outermost on an endpoint, so a retry for glitches configured after it (which should ignore outages)
    /// runs again in full on every try.
    /// </summary>
    public static void UseOutageRetry(this IConsumePipeConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsOutage);
            retry.Intervals([.. Intervals]);
        });

    /// <summary>
    /// True when PostgreSQL could not be reached or went away mid-statement, however EF Core or MassTransit
    /// wrapped it (EF Core turns it into an <see cref="InvalidOperationException"/> "likely due to a transient failure").
    /// </summary>
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres ? IsShutdown(postgres.SqlState) || postgres.IsTransient : current is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    // 57P01 admin_shutdown (`pg_ctl stop -m fast` ends every session), 57P02 crash_shutdown, 57P03 cannot_connect_now
    // (starting up or shutting down): Npgsql calls only the last transient, yet the server is merely restarting.
    private static bool IsShutdown(string sqlState) =>
        sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
