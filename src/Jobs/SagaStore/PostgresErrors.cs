using Npgsql;

namespace ModelHub.Jobs.SagaStore;

internal static class PostgresErrors
{
    public static IEnumerable<Exception> SelfAndInner(this Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    public static bool IsUniqueViolation(this Exception exception) =>
        exception.SelfAndInner().Any(e => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation });
}
