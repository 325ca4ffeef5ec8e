using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// The peer link (docs/adr/0147): asks the watched peer (<see cref="PeerDirectory.Watched"/>) "are you there" once per tick; after
/// <see cref="PeerLinkOptions.MissesBeforeLost"/> calls in a row that count it absent, the peer is lost, and it is
/// found again on the next answer. Nothing is decided here: the loss is reported to central, the arbiter.
/// </summary>
internal sealed class PeerLinkMonitor(PeerDirectory directory, PeerClient client, PeerLinkOptions options, TimeProvider time, ILogger logger)
{
    private readonly Lock _lock = new();
    private PeerLinkState _state = PeerLinkState.Unknown;

    public PeerLinkState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>One probe; returns the state after it. Without a watched peer or its address (central has not told it yet) nothing is asked.</summary>
    public async Task<PeerLinkState> ProbeAsync(CancellationToken cancellationToken = default)
    {
        if (directory.Watched is not { } peer || directory.AddressOf(peer) is not { } address)
        {
            lock (_lock)
            {
                return _state = PeerLinkState.Unknown;
            }
        }

        var answer = await client.HelloAsync(peer, address, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var previous = _state.Peer == peer ? _state : PeerLinkState.Unknown with { Peer = peer };
            if (answer.Value is { } hello)
            {
                if (previous.Lost)
                {
                    Log.PeerFound(logger, peer, hello.SoftwareVersion);
                }

                return _state = new PeerLinkState(peer, Present: true, Misses: 0, LostSince: null, hello);
            }

            var misses = previous.Misses + 1;
            var lost = misses >= options.MissesBeforeLost;
            if (lost && !previous.Lost)
            {
                Log.PeerLost(logger, peer, misses);
            }

            return _state = new PeerLinkState(peer, Present: false, misses, lost ? previous.LostSince ?? time.GetUtcNow() : null, previous.LastHello);
        }
    }
}

/// <summary>What the peer link knows of the failover peer: present, missing (<see cref="Misses"/>), or lost since <see cref="LostSince"/>.</summary>
internal sealed record PeerLinkState(string? Peer, bool Present, int Misses, DateTimeOffset? LostSince, PeerHello? LastHello)
{
    public static readonly PeerLinkState Unknown = new(null, false, 0, null, null);

    public bool Lost => LostSince is not null;
}
