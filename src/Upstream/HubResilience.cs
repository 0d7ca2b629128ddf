using System.Globalization;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using ModelHub.Upstream.Sources;
using Polly;

namespace ModelHub.Upstream;

/// <summary>
/// One upstream's pipeline: retries (408, 429, 5xx, network errors, attempt timeouts) with exponential backoff and
/// jitter, waiting what the Hub asks for when it says (<c>RateLimit</c>, <c>Retry-After</c>); with several upstreams, a
/// circuit that counts every attempt; then a timeout per attempt. The attempt timeout ends when the headers arrive, so a
/// long body is not cut.
/// </summary>
internal static partial class HubResilience
{
    public const string PipelineName = "upstream";

    private static readonly HttpRequestOptionsKey<RetryCounter> _counterKey = new("ModelHub.Upstream.Retries");

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, UpstreamEndpoint endpoint, HubClientOptions section, UpstreamStates states, ILogger logger)
    {
        if (endpoint.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = endpoint.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = endpoint.RetryBaseDelay,
                MaxDelay = endpoint.MaxRetryDelay,
                ShouldRetryAfterHeader = false,
                DelayGenerator = args => ValueTask.FromResult(DelayAskedFor(args.Outcome.Result, endpoint.MaxRetryDelay)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    if (request is not null && request.Options.TryGetValue(_counterKey, out var counter))
                    {
                        counter.Increment();
                    }

                    LogRetry(logger, Describe(args.Outcome), request?.RequestUri?.GetLeftPart(UriPartial.Path),
                        args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (endpoint.HasCircuit)
        {
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                MinimumThroughput = section.CircuitMinimumThroughput,
                BreakDuration = section.CircuitBreakDuration,
                StateProvider = states.Of(endpoint).Circuit,
                ManualControl = states.Of(endpoint).CircuitControl,
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, endpoint.Name, args.BreakDuration, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(logger, endpoint.Name);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddTimeout(endpoint.AttemptTimeout);
    }

    /// <summary>Counts the retries of <paramref name="request"/> into <paramref name="counter"/>.</summary>
    public static void CountRetries(HttpRequestMessage request, RetryCounter counter) => request.Options.Set(_counterKey, counter);

    /// <summary>
    /// What the Hub asks to wait, capped at <paramref name="max"/>: <c>t+1</c> s when <c>RateLimit</c>
    /// says the quota is spent (<c>r=0</c>; as <c>huggingface_hub</c> does), else <c>Retry-After</c>;
    /// null when it says neither (the backoff decides).
    /// </summary>
    public static TimeSpan? DelayAskedFor(HttpResponseMessage? response, TimeSpan max)
    {
        if (response is null)
        {
            return null;
        }

        var asked = RateLimitReset(response) ?? RetryAfter(response);
        return asked is { } delay ? (delay < max ? delay : max) : null;
    }

    private static TimeSpan? RateLimitReset(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests || !response.Headers.TryGetValues("RateLimit", out var values))
        {
            return null;
        }

        // e.g. RateLimit: "api";r=0;t=55 (IETF draft 09); several limits may be listed, comma-separated.
        foreach (var limit in values.SelectMany(value => value.Split(',')))
        {
            var parameters = limit.Split(';', StringSplitOptions.TrimEntries)
                .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
            if (parameters.GetValueOrDefault("r") == "0"
                && int.TryParse(parameters.GetValueOrDefault("t"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            {
                return TimeSpan.FromSeconds(reset + 1);
            }
        }

        return null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : outcome.Exception?.GetType().Name ?? "failure";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream}'s circuit opened for {Duration} after {Outcome}: its calls go to the next upstream")]
    private static partial void LogCircuitOpened(ILogger logger, string upstream, TimeSpan duration, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream}'s circuit closed: it answers again")]
    private static partial void LogCircuitClosed(ILogger logger, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream answered {Outcome} for {Url}; retry {Retry} in {Delay}")]
    private static partial void LogRetry(ILogger logger, string outcome, string? url, int retry, TimeSpan delay);
}
