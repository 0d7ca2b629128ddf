using System.Data;
using System.Data.Common;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ModelHub.Jobs.SagaStore;

/// <summary>
/// Keeps saga instances in PostgreSQL through EF Core: each saga message runs in one ReadCommitted
/// transaction on the scope's <typeparamref name="TContext"/> (lock the row with <c>FOR UPDATE</c>, run the
/// state machine, save, commit); any failure rolls back and empties the change tracker, so a retry in the
/// same scope starts from the committed row. It exists because MassTransit's own EF Core integration
/// (the <c>MassTransit.EntityFrameworkCore</c> package) is not served by the package feed this project
/// builds from. The day it is, its <c>EntityFrameworkRepository</c> on the same DbContext, in its
/// pessimistic concurrency mode (the same <c>FOR UPDATE</c> row lock), replaces this store, and this
/// folder and <c>UsePostgresSagaStore</c> go.
/// </summary>
public sealed class PostgresSagaStore<TSaga, TContext>(
    TContext db, ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory) :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, SagaStateMachineInstance
    where TContext : DbContext
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        InTransactionAsync(() => next.Send(CreateMessageContext(context)), context.CancellationToken);

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        InTransactionAsync(
            async () =>
            {
                var instances = await db.LockSagasAsync(query, context.CancellationToken);
                await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(CreateMessageContext(context), instances));
            },
            context.CancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaStoreQueryContext<TSaga>(db, cancellationToken));

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaStoreQueryContext<TSaga>(db, cancellationToken));

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "postgresql");
        context.Add("dbContext", typeof(TContext).Name);
    }

    private PostgresSagaStoreContext<TSaga, T> CreateMessageContext<T>(ConsumeContext<T> context)
        where T : class =>
        new(db, context, consumeContextFactory);

    private async Task InTransactionAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        // Someone else (an outbox, a caller) already owns a transaction on this DbContext: join it.
        if (db.Database.CurrentTransaction is not null)
        {
            await work();
            return;
        }

        // A retrying execution strategy only accepts a user transaction that runs inside it.
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            try
            {
                await work();
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                await RollbackAsync(transaction);
                db.ChangeTracker.Clear();
                throw;
            }
        });
    }

    private static async Task RollbackAsync(IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception rollbackFailure) when (rollbackFailure is DbException or InvalidOperationException)
        {
            // The connection is gone, and PostgreSQL has rolled back already; the first error is the one to report.
        }
    }
}
