using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ModelHub.Jobs.SagaStore;

public static class SagaRetryPolicy
{
    /// <summary>
    /// Retries a saga message whose transaction lost a race (two first messages inserting one instance,
    /// a deadlock, a serialization failure, a stale row version), then holds what the saga publishes or
    /// sends until its transaction has committed. Call it from <c>SagaDefinition.ConfigureSaga</c>.
    /// </summary>
    public static void UsePostgresSagaRetry(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsTransient);
            retry.Exponential(5, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        });
        endpoint.UseInMemoryOutbox(context);
    }

    /// <summary>True when running the message again can succeed; also when EF or MassTransit wrapped the cause.</summary>
    public static bool IsTransient(Exception exception) =>
        exception.SelfAndInner().Any(e => e is DbUpdateConcurrencyException or PostgresException
        {
            SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
        });
}
