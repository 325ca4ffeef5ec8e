using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// Seed 004's surrogate manager for HTTP switches (docs/adr/0171). While a server this one covers answers on the LAN,
/// the surrogate learns its switches' management entries (<c>GET /peer/v1/equipment</c>, again after
/// <see cref="PeerLinkOptions.EquipmentRefresh"/>); once central says this server holds that server's lease (a
/// <c>fences</c> entry for it, ADR 148) it polls those switches itself into its own intake, and it stops when the lease
/// is handed back. Only entries under the covered server's own id are taken: a key holder cannot make it poll anything
/// else. One tick per peer-link probe; nothing is decided here, central is the arbiter.
/// </summary>
internal sealed class PeerSurrogate(
    PeerDirectory directory,
    PeerClient client,
    IObservationIntake intake,
    PeerLinkOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private const int MaxEntries = 1024;

    private readonly Dictionary<string, (IReadOnlyDictionary<string, EquipmentOptions> Entries, DateTimeOffset At)> _learned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (EquipmentSet Set, EquipmentPollingService Loop)> _polling = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<PeerSurrogate>();
    private readonly Lock _lock = new();

    /// <summary>The servers whose switches this one polls now.</summary>
    public IReadOnlyList<string> Surrogating
    {
        get
        {
            lock (_lock)
            {
                return [.. _polling.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>How many switch entries were learned from <paramref name="serverId"/> (0 when nothing yet).</summary>
    public int Learned(string serverId)
    {
        lock (_lock)
        {
            return _learned.TryGetValue(serverId, out var learned) ? learned.Entries.Count : 0;
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        var known = directory.Neighbours;
        var held = known?.Fences ?? new Dictionary<string, long>();
        foreach (var covered in known?.Covers ?? [])
        {
            // Holding its lease means it stopped answering: keep what it said while it did.
            if (!held.ContainsKey(covered) && IsDue(covered) && directory.AddressOf(covered) is { } address)
            {
                await LearnAsync(covered, address, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var primary in held.Keys.Where(p => p != directory.ServerId))
        {
            await StartAsync(primary, cancellationToken).ConfigureAwait(false);
        }

        List<string> handedBack;
        lock (_lock)
        {
            handedBack = [.. _polling.Keys.Where(p => !held.ContainsKey(p))];
        }

        foreach (var primary in handedBack)
        {
            await StopAsync(primary).ConfigureAwait(false);
        }
    }

    private bool IsDue(string serverId)
    {
        lock (_lock)
        {
            return !_learned.TryGetValue(serverId, out var learned) || time.GetUtcNow() - learned.At >= options.EquipmentRefresh;
        }
    }

    private async Task LearnAsync(string serverId, string address, CancellationToken cancellationToken)
    {
        var answer = await client.EquipmentAsync(serverId, address, cancellationToken).ConfigureAwait(false);
        if (answer.Value is not { } equipment)
        {
            return; // absent for this call (counted by the client); what was learned before stays
        }

        var entries = new Dictionary<string, EquipmentOptions>(StringComparer.Ordinal);
        foreach (var entry in equipment.Entries.Take(MaxEntries))
        {
            if (entry is not null && entry.Adapter == EquipmentAdapters.Http && IsUnder(entry.ProducerId, serverId)
                && !entry.Validate("equipment").Any() && !entries.ContainsKey(entry.ProducerId))
            {
                entries.Add(entry.ProducerId, entry);
            }
        }

        lock (_lock)
        {
            _learned[serverId] = (entries, time.GetUtcNow());
        }

        Log.SurrogateLearned(_logger, serverId, entries.Count, equipment.Entries.Count - entries.Count);
    }

    private async Task StartAsync(string primary, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, EquipmentOptions> entries;
        lock (_lock)
        {
            if (_polling.ContainsKey(primary) || !_learned.TryGetValue(primary, out var learned) || learned.Entries.Count == 0)
            {
                return;
            }

            entries = learned.Entries;
        }

        var set = new EquipmentSet(entries, intake, time, loggerFactory);
        var loop = new EquipmentPollingService(set, time, _logger, heartbeats: null);
        await loop.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _polling.Add(primary, (set, loop));
        }

        Log.SurrogateStarted(_logger, primary, entries.Count);
    }

    private async Task StopAsync(string primary)
    {
        (EquipmentSet Set, EquipmentPollingService Loop) polling;
        lock (_lock)
        {
            if (!_polling.Remove(primary, out polling))
            {
                return;
            }
        }

        await polling.Loop.StopAsync(CancellationToken.None).ConfigureAwait(false);
        polling.Loop.Dispose();
        await polling.Set.DisposeAsync().ConfigureAwait(false);
        Log.SurrogateStopped(_logger, primary);
    }

    private static bool IsUnder(string id, string root) =>
        id.StartsWith(root, StringComparison.Ordinal) && id.Length > root.Length && id[root.Length] == '.';

    public async ValueTask DisposeAsync()
    {
        foreach (var primary in Surrogating)
        {
            await StopAsync(primary).ConfigureAwait(false);
        }
    }
}
