using System.Text.Json;
using CloudStatus.Core.Model;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers;

/// <summary>
/// The poll adapter (E1): GETs a producer's health URL. A 2xx answer gives the health it names (online when it names
/// none) and its state; any other status, a timeout or a connection failure is offline.
/// </summary>
internal sealed class HttpHealthPoller(HttpClient httpClient, IObservationIntake intake, TimeProvider timeProvider, ILogger<HttpHealthPoller> logger)
{
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Polls once, posts the observation and returns it.</summary>
    public async Task<Observation> PollOnceAsync(HealthPollTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var observation = await ObserveAsync(target, cancellationToken).ConfigureAwait(false);
        intake.Post(observation);
        return observation;
    }

    private async Task<Observation> ObserveAsync(HealthPollTarget target, CancellationToken cancellationToken)
    {
        var offline = new Observation(target.ProducerId, target.Kind, target.ParentId, Health.Offline);
        using var timeout = new CancellationTokenSource(target.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await httpClient.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            Log.PollAnswered(logger, target.ProducerId, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                return offline;
            }

            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var polled = Parse(body);
            return new Observation(target.ProducerId, target.Kind, target.ParentId, polled?.Health ?? Health.Online, polled?.State);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return offline; // timed out
        }
        catch (HttpRequestException ex)
        {
            Log.PollFailed(logger, ex, target.ProducerId, target.Url!);
            return offline;
        }
    }

    private static PolledHealth? Parse(byte[] body)
    {
        if (body.Length == 0 || body.Length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, PolledHealthJsonContext.Default.PolledHealth);
        }
        catch (JsonException)
        {
            return null; // answered 2xx: alive, whatever it said
        }
    }
}
