using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// Module direct methods through IoT Hub's service REST API:
/// <c>POST https://{hub}/twins/{deviceId}/modules/{moduleId}/methods?api-version=2021-04-12</c> with
/// <c>{methodName, payload, responseTimeoutInSeconds, connectTimeoutInSeconds}</c> and an Entra ID bearer token
/// (<see cref="IotHubAuthorizationHandler"/>). IoT Hub answers 200 with <c>{status, payload}</c> when the module
/// answered, else an error code that <see cref="IotHubErrors"/> maps. Our own deadline is the method's timeouts plus
/// <see cref="IotHubOptions.HttpTimeoutMargin"/>. Never throws but for the caller's cancellation.
/// </summary>
internal sealed class IotHubDirectMethodClient(
    IHttpClientFactory httpClients,
    TimeProvider time,
    IOptions<IotHubOptions> options,
    ILogger<IotHubDirectMethodClient> logger) : IDirectMethodClient
{
    /// <summary>The named HttpClient (base address, bearer token handler) registered by AddIotHubDirectMethods.</summary>
    public const string HttpClientName = "CloudStatus.IotHub";

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        var settings = options.Value;
        var responseSeconds = (int)Math.Clamp(Math.Ceiling(responseTimeout.TotalSeconds), 5, 300);
        var connectSeconds = (int)Math.Ceiling(settings.ConnectTimeout.TotalSeconds);
        byte[] body;
        try
        {
            body = RequestBody(methodName, payloadJson, responseSeconds, connectSeconds);
        }
        catch (JsonException ex)
        {
            return new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, "The method payload is not JSON: " + ex.Message);
        }

        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"twins/{Uri.EscapeDataString(deviceId)}/modules/{Uri.EscapeDataString(moduleId)}/methods?api-version={IotHubOptions.ApiVersion}");
        var limit = TimeSpan.FromSeconds(responseSeconds + connectSeconds) + settings.HttpTimeoutMargin;
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, linked.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return Answered(text, (int)response.StatusCode);
            }

            var header = response.Headers.TryGetValues(IotHubErrors.ErrorCodeHeader, out var values) ? values.FirstOrDefault() : null;
            var error = IotHubErrors.Classify((int)response.StatusCode, text, header);
            Log.IotHubMethodRefused(logger, methodName, deviceId, moduleId, error.HttpStatus, error.ErrorCode, error.Detail);
            return new DirectMethodOutcome(error.Status, null, null, error.Detail);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DirectMethodOutcome(DirectMethodStatus.Timeout, null, null, $"IoT Hub did not answer within {limit.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            Log.IotHubUnreachable(logger, ex, methodName, deviceId, moduleId);
            return new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, "IoT Hub could not be reached: " + ex.Message);
        }
        catch (AuthenticationFailedException ex)
        {
            Log.IotHubUnreachable(logger, ex, methodName, deviceId, moduleId);
            return new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, "No Entra ID token for IoT Hub: " + ex.Message);
        }
    }

    /// <summary>The CloudToDeviceMethod body; the payload is written as the JSON it is (null when empty).</summary>
    internal static byte[] RequestBody(string methodName, byte[] payloadJson, int responseSeconds, int connectSeconds)
    {
        var buffer = new ArrayBufferWriter<byte>(payloadJson.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("methodName", methodName);
            writer.WritePropertyName("payload");
            if (payloadJson.Length == 0)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(payloadJson, skipInputValidation: false);
            }

            writer.WriteNumber("responseTimeoutInSeconds", responseSeconds);
            writer.WriteNumber("connectTimeoutInSeconds", connectSeconds);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static DirectMethodOutcome Answered(string body, int httpStatus)
    {
        IotHubMethodResult? result;
        try
        {
            result = JsonSerializer.Deserialize(body, IotHubJsonContext.Default.IotHubMethodResult);
        }
        catch (JsonException)
        {
            result = null;
        }

        if (result?.Status is not { } status)
        {
            return new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, $"IoT Hub answered {httpStatus} without a method result.");
        }

        var payload = result.Payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } p ? p.GetRawText() : null;
        return new DirectMethodOutcome(DirectMethodStatus.Answered, status, payload, null);
    }
}
