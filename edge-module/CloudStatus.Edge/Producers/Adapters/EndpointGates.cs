using System.Collections.Concurrent;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>One concurrency limit per host:port, shared by every producer reached there (an element manager serving many switches is not flooded).</summary>
internal sealed class EndpointGates : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public SemaphoreSlim For(Uri url, int limit)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _gates.GetOrAdd(url.GetLeftPart(UriPartial.Authority), _ => new SemaphoreSlim(limit, limit));
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
