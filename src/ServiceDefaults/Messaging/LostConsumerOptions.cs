namespace ModelHub.ServiceDefaults.Messaging;

/// <summary><c>Messaging:ExitWhenConsumerLostFor</c>: off unless set (compose sets it: its containers restart).</summary>
public sealed class LostConsumerOptions
{
    public const string Section = "Messaging";

    /// <summary>How long <see cref="BrokerConsumersHealthCheck"/> may say Unhealthy before the service stops itself.</summary>
    public TimeSpan? ExitWhenConsumerLostFor { get; set; }
}
