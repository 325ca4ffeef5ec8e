using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>Checks one running process as its <see cref="ProcessProbeOptions"/> say: alive, its TCP port accepts, its URL answers 2xx.</summary>
internal sealed class ProcessProbe : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    /// <summary>Null when healthy, else why not.</summary>
    public async Task<string?> CheckAsync(Process process, ProcessProbeOptions probe, CancellationToken cancellationToken)
    {
        if (process.HasExited)
        {
            return "not running";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        try
        {
            switch (probe.Kind)
            {
                case ProcessProbeKinds.Tcp:
                    using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                    {
                        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, probe.Port), timeout.Token).ConfigureAwait(false);
                    }

                    return null;
                case ProcessProbeKinds.Http:
                    using (var response = await _http.GetAsync(probe.Url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                    {
                        return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
                    }

                default:
                    return null;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{probe.Kind} probe timed out after {probe.Timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException)
        {
            return $"{probe.Kind} probe failed: {ex.Message}";
        }
    }
}
