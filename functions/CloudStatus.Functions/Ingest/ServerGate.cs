using System.Collections.Concurrent;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// Serializes every write to one server's rows within this process (ingest and the heartbeat sweep), so the
/// read-modify-write of a server row is never interleaved. One gate per server, kept for the process lifetime.
/// </summary>
internal sealed class ServerGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<Releaser> EnterAsync(string serverId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(serverId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
