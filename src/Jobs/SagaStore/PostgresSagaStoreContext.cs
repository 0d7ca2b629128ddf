using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ModelHub.Jobs.SagaStore;

/// <summary>
/// One message's view of the saga table, inside the transaction that <see cref="PostgresSagaStore{TSaga, TContext}"/>
/// opened. The saga's consume context wraps this one, so activities find the <see cref="DbContext"/> as a
/// payload and can write in the same transaction.
/// </summary>
public sealed class PostgresSagaStoreContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, SagaStateMachineInstance
    where TMessage : class
{
    private readonly DbContext _db;
    private readonly ISagaConsumeContextFactory<DbContext, TSaga> _factory;

    public PostgresSagaStoreContext(
        DbContext db, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<DbContext, TSaga> factory)
        : base(consumeContext, db)
    {
        _db = db;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        CreateSagaConsumeContext(this, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var entry = _db.Set<TSaga>().Add(instance);
        try
        {
            await _db.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            // EF rolled back to the savepoint it takes inside a running transaction, so the
            // transaction is still usable: the caller goes on to Load the row that won.
            entry.State = EntityState.Detached;
            return null!;
        }

        return await CreateSagaConsumeContext(this, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _db.LockSagaAsync<TSaga>(correlationId, CancellationToken);
        return instance is null
            ? null!
            : await CreateSagaConsumeContext(this, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Add(context.Saga);
        await _db.SaveChangesAsync(CancellationToken);
    }

    public Task Update(SagaConsumeContext<TSaga> context) => _db.SaveChangesAsync(CancellationToken);

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _db.Set<TSaga>().Remove(context.Saga);
        await _db.SaveChangesAsync(CancellationToken);
    }

    // A new instance is tracked only once Save adds it, so there is nothing to forget here.
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = _db.Entry(context.Saga);
        if (entry.State != EntityState.Detached)
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
        }

        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_db, consumeContext, instance, mode);
}
