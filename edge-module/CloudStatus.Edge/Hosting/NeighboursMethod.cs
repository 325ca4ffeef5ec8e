using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Transport;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The <c>neighbours</c> direct method (docs/adr/0146): central names this server's neighbours and their LAN peer
/// addresses; they go to the peer interface's directory, which outlives node restarts. Answered while the node is
/// stopped too; 404 when the module runs no peer interface, 400 for a malformed list (the last good one stays).
/// </summary>
internal static class NeighboursMethod
{
    public static DirectMethodResponse Handle(PeerDirectory? directory, ReadOnlyMemory<byte> payload, ILogger logger)
    {
        if (directory is null)
        {
            return EdgeCommandHandler.Answer(404, "This server runs no peer interface (no site key).");
        }

        NeighboursRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(payload.Span, NeighboursJsonContext.Default.NeighboursRequest);
        }
        catch (JsonException ex)
        {
            Peers.Log.NeighboursUnreadable(logger, ex.Message);
            return EdgeCommandHandler.Answer(400, "Malformed payload: " + ex.Message);
        }

        if ((request is null ? "A JSON object {failoverPeer?, covers, servers} is expected." : request.Validate()) is { } error)
        {
            Peers.Log.NeighboursUnreadable(logger, error);
            return EdgeCommandHandler.Answer(400, error);
        }

        directory.Update(request!);
        Peers.Log.NeighboursUpdated(logger, request!.FailoverPeer ?? "none", request.Servers.Count);
        Peers.Log.FencesHeld(logger, request.Fences is { Count: > 0 } fences ? string.Join(", ", fences.Select(f => $"{f.Key}={f.Value}")) : "none");
        return EdgeCommandHandler.Answer(200, $"{request.Servers.Count} neighbours taken.");
    }
}
