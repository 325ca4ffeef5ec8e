namespace CloudStatus.Edge.Peers;

/// <summary>
/// The nonces seen within the clock-skew window. A timestamp outside the window is refused before its nonce is
/// looked at, so remembering each nonce for twice the window is enough to refuse every replay.
/// </summary>
internal sealed class NonceWindow(TimeSpan window, int capacity)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Nonce, DateTimeOffset Expires)> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Fresh, Replay, or Full when the window holds <c>capacity</c> live nonces already.</summary>
    public NonceVerdict TryAdd(string nonce, DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_order.TryPeek(out var oldest) && oldest.Expires <= now)
            {
                _order.Dequeue();
                _seen.Remove(oldest.Nonce);
            }

            if (_seen.ContainsKey(nonce))
            {
                return NonceVerdict.Replay;
            }

            if (_seen.Count >= capacity)
            {
                return NonceVerdict.Full;
            }

            var expires = now + (2 * window);
            _seen.Add(nonce, expires);
            _order.Enqueue((nonce, expires));
            return NonceVerdict.Fresh;
        }
    }
}

internal enum NonceVerdict
{
    Fresh,
    Replay,
    Full,
}
