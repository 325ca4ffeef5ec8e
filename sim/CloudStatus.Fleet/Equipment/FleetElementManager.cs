using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Fleet.Equipment;

/// <summary>
/// The site's element manager of the simulated fleet: it speaks for the equipment no management API or SIP socket
/// answers for (the server itself, its voicemail, the switches' fans, devices plugged later, and the phones and
/// trunks when they do not answer SIP) by pushing their real-time status to the edge module's push endpoint over
/// HTTP (<c>POST /api/producers/status</c>, ADR 65), as seed 000's switches and applications "transfer status
/// information to the local server" in JSON. One ordered queue per server, sent in batches to every endpoint
/// <paramref name="endpointsOf"/> names for it (a duplexed pair: both servers), with the bearer secret
/// <paramref name="authorization"/> gives. Switches (polled over their own API) and the producers
/// <paramref name="answersElsewhere"/> names are left out. A push that fails is logged and dropped, as equipment
/// would; the server's next <see cref="FleetServer.PublishAll"/> or periodic report brings the state back.
/// A switch plugged in later is announced instead (<c>POST /api/producers/{id}/announce</c>, docs/adr/0175): the
/// module polls its management API at once, as a manager polls a device at once on its cold-start trap.
/// </summary>
public sealed class FleetElementManager : IFleetOutput, IAsyncDisposable
{
    private const int MaxBatch = 1_000;

    private readonly Func<int, IReadOnlyList<Uri>> _endpointsOf;
    private readonly Func<string> _authorization;
    private readonly Func<string, bool> _answersElsewhere;
    private readonly ILogger _logger;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Channel<Observation>[] _queues;
    private readonly Channel<(int Server, string ProducerId)> _announcements = Channel.CreateUnbounded<(int, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task[] _pumps = [];
    private long _pushed;

    public FleetElementManager(
        int servers, Func<int, IReadOnlyList<Uri>> endpointsOf, Func<string> authorization, Func<string, bool> answersElsewhere, ILogger<FleetElementManager> logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(servers);
        _endpointsOf = endpointsOf;
        _authorization = authorization;
        _answersElsewhere = answersElsewhere;
        _logger = logger;
        _queues = [.. Enumerable.Range(0, servers).Select(_ => Channel.CreateUnbounded<Observation>(new UnboundedChannelOptions { SingleReader = true }))];
    }

    /// <summary>Observations the push endpoints accepted.</summary>
    public long Pushed => Interlocked.Read(ref _pushed);

    public void Observe(in FleetObservation observation)
    {
        var o = observation.Observation;
        if (!ProducerKind.IsSwitch(o.Kind) && !_answersElsewhere(o.ProducerId) && observation.Server < _queues.Length)
        {
            _queues[observation.Server].Writer.TryWrite(o);
        }
    }

    /// <summary>A switch plugged in is announced to the servers it is managed by; the rest was pushed with its observation.</summary>
    public void Plugged(int server, string producerId, string kind)
    {
        if (ProducerKind.IsSwitch(kind) && server < _queues.Length)
        {
            _announcements.Writer.TryWrite((server, producerId));
        }
    }

    /// <summary>Switches tell their connectivity over their own management API.</summary>
    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds)
    {
    }

    /// <summary>Starts one sender per server; idempotent.</summary>
    public void Start()
    {
        if (_pumps.Length == 0)
        {
            _pumps = [.. Enumerable.Range(0, _queues.Length).Select(i => Task.Run(() => PumpAsync(i, _stop.Token))), Task.Run(() => AnnounceAsync(_stop.Token))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pumps).ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync(int server, CancellationToken cancellationToken)
    {
        var reader = _queues[server].Reader;
        var batch = new List<Observation>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                foreach (var endpoint in _endpointsOf(server))
                {
                    await SendAsync(endpoint, batch, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (server, producerId) in _announcements.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var endpoint in _endpointsOf(server))
                {
                    await AnnounceAsync(new Uri(endpoint, Uri.EscapeDataString(producerId) + "/announce"), producerId, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Once, like a trap: a lost announcement leaves the switch to the module's next regular poll.</summary>
    private async Task AnnounceAsync(Uri url, string producerId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Authorization", _authorization());
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            // 404: that node does not poll the switch (a partner that only hears it pushed); nothing to tell.
            if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                Log.AnnounceRefused(_logger, producerId, url, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.AnnounceFailed(_logger, producerId, url, ex.Message);
            }
        }
    }

    private async Task SendAsync(Uri endpoint, List<Observation> batch, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(batch.Select(PushBody.From).ToList(), ElementManagerJsonContext.Default.ListPushBody);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", _authorization());
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Add(ref _pushed, batch.Count);
            }
            else
            {
                Log.PushRefused(_logger, endpoint, (int)response.StatusCode, batch.Count);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.PushFailed(_logger, endpoint, batch.Count, ex.Message);
            }
        }
    }
}
