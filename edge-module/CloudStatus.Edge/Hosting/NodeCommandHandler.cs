using CloudStatus.Core.Commands;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The direct-method handler a node hands out once: forwards to the running node's handler, 503 while stopped; the
/// <c>neighbours</c> method goes to the peer interface's directory whether or not the node runs.
/// </summary>
internal sealed class NodeCommandHandler(ILogger? logger = null) : IDirectMethodHandler
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private volatile IDirectMethodHandler? _target;
    private volatile PeerDirectory? _peers;

    /// <summary>The directory of the node's peer interface, once one was started for it.</summary>
    public PeerDirectory? Peers
    {
        get => _peers;
        set => _peers = value;
    }

    public IDirectMethodHandler? Target
    {
        get => _target;
        set => _target = value;
    }

    public async Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (methodName == DirectMethodNames.Neighbours)
        {
            return NeighboursMethod.Handle(_peers, payload, _logger);
        }

        var target = _target;
        if (target is null)
        {
            return EdgeCommandHandler.Answer(503, "The local server is stopped.");
        }

        try
        {
            return await target.HandleAsync(methodName, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return EdgeCommandHandler.Answer(503, "The local server stopped while answering.");
        }
    }
}
