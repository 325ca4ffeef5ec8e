using Microsoft.AspNetCore.Http;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// Checks a request to the peer interface (docs/adr/0145): signed under the site key, addressed to this server, within
/// the clock-skew window, from a neighbour central named (once it named any), and with a nonce not seen in the window.
/// Every refusal is counted with its reason; the nonce is remembered only once the signature holds, so a stranger
/// cannot fill the window.
/// </summary>
internal sealed class PeerAuthenticator(PeerDirectory directory, PeerKeys keys, PeerLinkOptions options, TimeProvider time, PeerMetrics metrics)
{
    private readonly NonceWindow _nonces = new(options.ClockSkew, options.MaxNonces);

    public PeerVerdict Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var headers = request.Headers;
        var from = Single(headers, PeerSignature.From);
        var to = Single(headers, PeerSignature.To);
        var nonce = Single(headers, PeerSignature.Nonce);
        var stamp = Single(headers, PeerSignature.Timestamp);
        var signature = Single(headers, PeerSignature.Signature);
        if (from is null || to is null || nonce is null || stamp is null || signature is null)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "A peer request must carry the peer signature headers.");
        }

        var at = PeerSignature.ParseTimestamp(stamp);
        if (!PeerLinkOptions.IsServerId(from) || !PeerLinkOptions.IsServerId(to) || !PeerSignature.IsNonce(nonce) || at is null)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "The peer signature headers are malformed.");
        }

        var canonical = PeerSignature.RequestString(request.Method, request.Path + request.QueryString, from, to, stamp, nonce, body);
        var key = keys.All.FirstOrDefault(k => PeerSignature.Verify([k], canonical, signature));
        if (key is null)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "unauthenticated", "The signature does not verify under the site key.");
        }

        if (!string.Equals(to, directory.ServerId, StringComparison.Ordinal))
        {
            return Refuse(StatusCodes.Status401Unauthorized, "misdirected", $"The request is addressed to '{to}', not to this server.");
        }

        var now = time.GetUtcNow();
        if ((now - at.Value).Duration() > options.ClockSkew)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "stale", $"The request's timestamp is more than {options.ClockSkew} from this server's clock.");
        }

        if (!directory.MayCall(from))
        {
            return Refuse(StatusCodes.Status403Forbidden, "not-a-neighbour", $"'{from}' is not a neighbour central named for this server.");
        }

        return _nonces.TryAdd(nonce, now) switch
        {
            NonceVerdict.Fresh => new PeerVerdict(StatusCodes.Status200OK, null, null, from, nonce, key),
            NonceVerdict.Replay => Refuse(StatusCodes.Status401Unauthorized, "replay", "This request was seen before."),
            _ => Refuse(StatusCodes.Status503ServiceUnavailable, "busy", "Too many peer requests in the window; try again."),
        };
    }

    private PeerVerdict Refuse(int status, string reason, string detail)
    {
        metrics.Refused(reason);
        return new PeerVerdict(status, reason, detail, null, null, null);
    }

    private static string? Single(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}

/// <summary>Either the authenticated caller (<see cref="PeerId"/>, the nonce and the key its signature verified under) or a refusal.</summary>
internal sealed record PeerVerdict(int Status, string? Reason, string? Detail, string? PeerId, string? Nonce, byte[]? Key)
{
    public bool Admitted => Reason is null;
}
