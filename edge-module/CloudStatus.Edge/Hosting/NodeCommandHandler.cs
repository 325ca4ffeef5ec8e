using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Hosting;

/// <summary>The direct-method handler a node hands out once: forwards to the running node's handler, 503 while stopped.</summary>
internal sealed class NodeCommandHandler : IDirectMethodHandler
{
    private volatile IDirectMethodHandler? _target;

    public IDirectMethodHandler? Target
    {
        get => _target;
        set => _target = value;
    }

    public async Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
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
