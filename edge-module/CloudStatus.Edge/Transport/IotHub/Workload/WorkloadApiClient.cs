using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// The IoT Edge workload API as a module uses it (over <c>IOTEDGE_WORKLOADURI</c>, normally a unix socket): sign data
/// with the module's key (the key never leaves the security daemon) and read the trust bundle. Failures throw
/// <see cref="TransportUnavailableException"/> (the transport retries its connect) or <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class WorkloadApiClient : ITrustBundleSource, IDisposable
{
    public const string DefaultApiVersion = "2018-06-28";
    public const string PrimaryKeyId = "primary";
    public const string HmacSha256 = "HMACSHA256";

    private readonly HttpClient _http;
    private readonly string _apiVersion;

    /// <param name="workloadUri"><c>unix:///var/run/iotedge/workload.sock</c>, or an <c>http://</c> address.</param>
    public WorkloadApiClient(Uri workloadUri, string apiVersion = DefaultApiVersion, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(workloadUri);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        _apiVersion = apiVersion;
        _http = CreateHttpClient(workloadUri);
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Signs <paramref name="data"/> with the module's primary key (HMAC-SHA256); returns the base64 digest.</summary>
    public async Task<string> SignAsync(string moduleId, string generationId, byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        ArgumentException.ThrowIfNullOrEmpty(generationId);
        ArgumentNullException.ThrowIfNull(data);
        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"modules/{Uri.EscapeDataString(moduleId)}/genid/{Uri.EscapeDataString(generationId)}/sign?api-version={Uri.EscapeDataString(_apiVersion)}");
        var request = new WorkloadSignRequest(PrimaryKeyId, HmacSha256, Convert.ToBase64String(data));
        using var content = JsonContent.Create(request, WorkloadApiJsonContext.Default.WorkloadSignRequest);
        using var response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, "sign for the module", cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync(response, WorkloadApiJsonContext.Default.WorkloadSignResponse, cancellationToken).ConfigureAwait(false);
        return body?.Digest is { Length: > 0 } digest && Convert.TryFromBase64String(digest, new byte[digest.Length], out _)
            ? digest
            : throw new TransportUnavailableException("The IoT Edge workload API answered the sign request without a base64 digest.");
    }

    public async Task<X509Certificate2Collection> GetTrustBundleAsync(CancellationToken cancellationToken = default)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"trust-bundle?api-version={Uri.EscapeDataString(_apiVersion)}");
        using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, "return the trust bundle", cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync(response, WorkloadApiJsonContext.Default.WorkloadTrustBundleResponse, cancellationToken).ConfigureAwait(false);
        return TrustBundle.Parse(body?.Certificate, "The IoT Edge workload API's trust bundle");
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateHttpClient(Uri workloadUri)
    {
        if (string.Equals(workloadUri.Scheme, "unix", StringComparison.OrdinalIgnoreCase))
        {
            var socketPath = Uri.UnescapeDataString(workloadUri.AbsolutePath);
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            };

            // The host only fills the Host header; the socket is what matters.
            return new HttpClient(handler) { BaseAddress = new Uri("http://iotedge/") };
        }

        if (workloadUri.Scheme is "http" or "https")
        {
            var baseAddress = workloadUri.AbsoluteUri.EndsWith('/') ? workloadUri : new Uri(workloadUri.AbsoluteUri + "/");
            return new HttpClient { BaseAddress = baseAddress };
        }

        throw new ArgumentException($"The workload URI scheme '{workloadUri.Scheme}' is not supported (unix, http).", nameof(workloadUri));
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string? message = null;
        try
        {
            message = (await ReadAsync(response, WorkloadApiJsonContext.Default.WorkloadErrorResponse, cancellationToken).ConfigureAwait(false))?.Message;
        }
        catch (TransportUnavailableException)
        {
            // Not the documented error body; the status code says enough.
        }

        throw new TransportUnavailableException(
            $"The IoT Edge workload API did not {operation}: {(int)response.StatusCode} {message ?? response.ReasonPhrase}.");
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new TransportUnavailableException("The IoT Edge workload API answered with JSON that does not match its API.", exception);
        }
    }
}
