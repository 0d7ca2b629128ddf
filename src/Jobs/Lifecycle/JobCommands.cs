using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Jobs.Kinds;
using ModelHub.Jobs.Records;

namespace ModelHub.Jobs.Lifecycle;

/// <summary>Sends the command that runs an attempt of a job to the queue of the service that takes it.</summary>
internal static class JobCommands
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends the attempt's command now, past the saga endpoint's in-memory outbox, so before the saga's
    /// transaction commits: held back until after the commit, the command would be lost whenever the broker
    /// died in between, while the job already said it had been sent. Sent first, the worst case is a second
    /// command, which services take as a repeat. False when the broker did not take it: the job stays
    /// undispatched, and the dispatcher announces it again.
    /// </summary>
    public static async Task<bool> TrySendNowAsync(BehaviorContext<JobState> context, IReadOnlyDictionary<JobKind, JobKindDescriptor> kinds)
    {
        var kind = kinds.GetValueOrDefault(context.Saga.Kind) ?? throw new InvalidOperationException($"No service runs {context.Saga.Kind} jobs.");
        // The bus itself, not the consume context: what is sent through the context waits in the outbox.
        var bus = context.GetPayload<IServiceProvider>().GetRequiredService<IBus>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await kind.SendAsync(bus, context.Saga, timeout.Token);
            return true;
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            LogContext.Warning?.Log(e, "The command of job {JobId} was not sent; the dispatcher announces the job again", context.Saga.CorrelationId);
            return false;
        }
    }
}
