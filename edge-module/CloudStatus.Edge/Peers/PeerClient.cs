using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudStatus.Core.Commands;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// Calls a peer's interface (docs/adr/0145). Every request is signed; an answer is believed only when it comes in
/// time, is a 200, is signed under the site key for this very request by the peer that was asked, and parses. Anything
/// else (no answer within <see cref="PeerLinkOptions.RequestTimeout"/>, refused, unsigned, forged, garbage) makes
/// the peer absent for that call: counted, logged, and never trusted.
/// </summary>
internal sealed class PeerClient(HttpClient http, string serverId, PeerKeys keys, PeerLinkOptions options, TimeProvider time, PeerMetrics metrics, ILogger logger)
{
    public Task<PeerAnswer<PeerHello>> HelloAsync(string peerId, string address, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, peerId, address, PeerApi.Prefix + "/hello", [], PeerJsonContext.Default.PeerHello, cancellationToken);

    public Task<PeerAnswer<PeerHeap>> HeapAsync(string peerId, string address, string? under = null, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Get, peerId, address, PeerApi.Prefix + "/heap" + (under is null ? "" : "?under=" + Uri.EscapeDataString(under)), [], PeerJsonContext.Default.PeerHeap, cancellationToken);

    public Task<PeerAnswer<PeerEquipment>> EquipmentAsync(string peerId, string address, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, peerId, address, PeerApi.Prefix + "/equipment", [], PeerJsonContext.Default.PeerEquipment, cancellationToken);

    public Task<PeerAnswer<HistoryPage>> HistoryAsync(string peerId, string address, HistoryRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post, peerId, address, PeerApi.Prefix + "/history", JsonSerializer.SerializeToUtf8Bytes(request, HistoryJsonContext.Default.HistoryRequest),
            PeerJsonContext.Default.HistoryPage, cancellationToken);

    private async Task<PeerAnswer<T>> SendAsync<T>(
        HttpMethod method, string peerId, string address, string pathAndQuery, byte[] body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var signingKey = keys.All[0];
        var nonce = PeerSignature.NewNonce();
        var stamp = PeerSignature.FormatTimestamp(time.GetUtcNow());
        using var request = new HttpRequestMessage(method, new Uri($"http://{address}{pathAndQuery}"));
        request.Headers.Add(PeerSignature.From, serverId);
        request.Headers.Add(PeerSignature.To, peerId);
        request.Headers.Add(PeerSignature.Timestamp, stamp);
        request.Headers.Add(PeerSignature.Nonce, nonce);
        request.Headers.Add(PeerSignature.Signature, PeerSignature.Sign(
            signingKey, PeerSignature.RequestString(method.Method, pathAndQuery, serverId, peerId, stamp, nonce, body)));
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var answer = await ReadAsync(response, linked.Token).ConfigureAwait(false);
            if (answer is null)
            {
                return Absent<T>(peerId, pathAndQuery, "too-large");
            }

            if (Check(response, peerId, nonce, answer) is { } refusal)
            {
                return Absent<T>(peerId, pathAndQuery, refusal);
            }

            var value = JsonSerializer.Deserialize(answer, type);
            if (value is null || (value is PeerHello hello && hello.ServerId != peerId))
            {
                return Absent<T>(peerId, pathAndQuery, "garbage");
            }

            return new PeerAnswer<T>(value, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Absent<T>(peerId, pathAndQuery, "timeout");
        }
        catch (HttpRequestException)
        {
            return Absent<T>(peerId, pathAndQuery, "unreachable");
        }
        catch (JsonException)
        {
            return Absent<T>(peerId, pathAndQuery, "garbage");
        }
    }

    /// <summary>Null when the answer is the asked peer's signed 200 to this request, else why not.</summary>
    private string? Check(HttpResponseMessage response, string peerId, string nonce, byte[] body)
    {
        var from = Header(response, PeerSignature.From);
        var stamp = Header(response, PeerSignature.Timestamp);
        var signature = Header(response, PeerSignature.Signature);
        if (from is null || stamp is null || signature is null)
        {
            return response.IsSuccessStatusCode ? "unsigned" : $"status-{(int)response.StatusCode}";
        }

        var canonical = PeerSignature.AnswerString(nonce, (int)response.StatusCode, from, serverId, stamp, body);
        if (!PeerSignature.Verify(keys.All, canonical, signature))
        {
            return "bad-signature";
        }

        if (!string.Equals(from, peerId, StringComparison.Ordinal))
        {
            return "wrong-peer";
        }

        if (PeerSignature.ParseTimestamp(stamp) is not { } at || (time.GetUtcNow() - at).Duration() > options.ClockSkew)
        {
            return "stale";
        }

        return response.IsSuccessStatusCode ? null : $"status-{(int)response.StatusCode}";
    }

    private async Task<byte[]?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > options.MaxAnswerBytes)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxAnswerBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private PeerAnswer<T> Absent<T>(string peerId, string path, string reason)
        where T : class
    {
        metrics.Absent(reason);
        Log.PeerAbsent(logger, peerId, path, reason);
        return new PeerAnswer<T>(null, reason);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && values.Count() == 1 ? values.First() : null;
}

/// <summary>The peer's answer, or why it counts as absent for this call (<see cref="Absence"/>).</summary>
internal sealed record PeerAnswer<T>(T? Value, string? Absence)
    where T : class
{
    public bool IsPresent => Value is not null;
}
