using Medallion.Threading;

namespace ModelHub.ServiceDefaults.Caching;

public static class LockHandleExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> with a token that is also cancelled when the lock is lost, so a holder
    /// that no longer holds it stops writing; that stop surfaces as a <see cref="LockLostException"/>
    /// (retried like any transient failure), not as the caller's own cancellation.
    /// </summary>
    public static async Task<T> RunWhileHeldAsync<T>(
        this IDistributedSynchronizationHandle held, string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var lost = held.HandleLostToken;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost);
        try
        {
            return await work(linked.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new LockLostException(name);
        }
    }

    public static Task RunWhileHeldAsync(
        this IDistributedSynchronizationHandle held, string name, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        held.RunWhileHeldAsync(name, async token =>
        {
            await work(token);
            return true;
        }, cancellationToken);
}
