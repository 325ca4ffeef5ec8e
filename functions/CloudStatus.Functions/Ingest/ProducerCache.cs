using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// The producer rows this process last read or wrote for each server, so ingest plans a batch without reading them
/// (docs/adr/0130). An entry is trusted only while the server row read at the start of a batch still carries the
/// version this process wrote last (epoch, batch count, online, stale count): any other writer of the server's rows
/// (the sweep, another instance) changes that row, and the entry is dropped. Bounded by producers kept; past the bound
/// the least recently used servers are dropped. Callers hold the server's <see cref="ServerGate"/>.
/// </summary>
internal sealed class ProducerCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _servers = new(StringComparer.Ordinal);
    private long _size;
    private long _clock;

    /// <summary>
    /// The cached rows among <paramref name="producerIds"/> (absent = never stored), or false when the entry is missing
    /// or no longer matches <paramref name="server"/>; <paramref name="unknown"/> lists the ids the cache cannot answer.
    /// </summary>
    public bool TryGet(ServerState? server, IReadOnlyCollection<string> producerIds, out Dictionary<string, ProducerState> stored, out List<string> unknown)
    {
        stored = new Dictionary<string, ProducerState>(producerIds.Count, StringComparer.Ordinal);
        unknown = [];
        if (server is null || capacity == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_servers.TryGetValue(server.ServerId, out var entry) || entry.Version != Version.Of(server))
            {
                Drop(server.ServerId);
                return false;
            }

            entry.LastUsed = ++_clock;
            foreach (var id in producerIds)
            {
                if (entry.Rows.TryGetValue(id, out var row))
                {
                    if (row is not null)
                    {
                        stored[id] = row;
                    }
                }
                else if (!entry.Complete)
                {
                    unknown.Add(id);
                }
            }

            return true;
        }
    }

    /// <summary>
    /// After a successful write of <paramref name="written"/>: remembers what was read for the plan (ids asked for and
    /// not found are remembered as absent; <paramref name="all"/> makes the entry complete) and what was written.
    /// </summary>
    public void Remember(
        ServerState written,
        IReadOnlyCollection<string> asked,
        IReadOnlyDictionary<string, ProducerState> read,
        IReadOnlyList<ProducerState>? all,
        IReadOnlyCollection<ProducerState> writes)
    {
        if (capacity == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!_servers.TryGetValue(written.ServerId, out var entry) || all is not null)
            {
                Drop(written.ServerId);
                entry = new Entry();
                _servers[written.ServerId] = entry;
            }

            entry.Version = Version.Of(written);
            entry.LastUsed = ++_clock;
            if (all is not null)
            {
                entry.Complete = true;
                foreach (var row in all)
                {
                    Set(entry, row.ProducerId, row);
                }
            }

            foreach (var id in asked)
            {
                Set(entry, id, read.GetValueOrDefault(id));
            }

            foreach (var row in writes)
            {
                Set(entry, row.ProducerId, row);
            }

            Trim(written.ServerId);
        }
    }

    /// <summary>Forgets a server (a write phase failed part-way: what is stored is no longer known).</summary>
    public void Forget(string serverId)
    {
        lock (_gate)
        {
            Drop(serverId);
        }
    }

    private void Set(Entry entry, string id, ProducerState? row)
    {
        if (entry.Rows.TryAdd(id, row))
        {
            _size++;
        }
        else
        {
            entry.Rows[id] = row;
        }
    }

    private void Drop(string serverId)
    {
        if (_servers.Remove(serverId, out var entry))
        {
            _size -= entry.Rows.Count;
        }
    }

    /// <summary>Drops the least recently used servers (never <paramref name="keep"/>) while over capacity; a server larger than the whole cache is not kept.</summary>
    private void Trim(string keep)
    {
        while (_size > capacity)
        {
            var victim = _servers.Where(p => p.Key != keep).OrderBy(p => p.Value.LastUsed).Select(p => p.Key).FirstOrDefault() ?? keep;
            Drop(victim);
            if (victim == keep)
            {
                return;
            }
        }
    }

    private sealed class Entry
    {
        public Dictionary<string, ProducerState?> Rows { get; } = new(StringComparer.Ordinal);
        public Version Version { get; set; }
        public bool Complete { get; set; }
        public long LastUsed { get; set; }
    }

    /// <summary>What every writer of a server's rows changes in its server row.</summary>
    private readonly record struct Version(string Epoch, long Batches, bool Online, long StaleCount)
    {
        public static Version Of(ServerState server) => new(server.Epoch, server.Batches, server.Online, server.StaleCount);
    }
}
