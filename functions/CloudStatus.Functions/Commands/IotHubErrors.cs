using System.Text.Json;

namespace CloudStatus.Functions.Commands;

/// <summary>An IoT Hub refusal read from its answer: the documented six-digit error code when there is one.</summary>
internal sealed record IotHubError(DirectMethodStatus Status, int HttpStatus, int? ErrorCode, string Detail);

/// <summary>
/// Maps IoT Hub's answers to a direct method call that did not reach the module
/// (learn.microsoft.com/azure/iot-hub/troubleshoot-error-codes): 404001 DeviceNotFound, 404010 ModuleNotFound and
/// 404103 DeviceNotOnline → <see cref="DirectMethodStatus.DeviceOffline"/>; 504101 GatewayTimeout (the module did not
/// answer in time) → <see cref="DirectMethodStatus.Timeout"/>; everything else (429001 throttling, 401/403 token
/// refused, 5xx) → <see cref="DirectMethodStatus.Failed"/>. A method the module does not know is not an IoT Hub error:
/// the module answers it (HTTP 200 with its own status, 404 or 501 from our edge module).
/// </summary>
internal static class IotHubErrors
{
    public const int DeviceNotFound = 404001;
    public const int ModuleNotFound = 404010;
    public const int DeviceNotOnline = 404103;
    public const int GatewayTimeout = 504101;
    public const int Throttling = 429001;

    /// <summary>The header IoT Hub names the error in (<c>DeviceNotOnline</c>, …), used when the body has no code.</summary>
    public const string ErrorCodeHeader = "iothub-errorcode";

    private static readonly Dictionary<string, int> CodesByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DeviceNotFound"] = DeviceNotFound,
        ["ModuleNotFound"] = ModuleNotFound,
        ["DeviceNotOnline"] = DeviceNotOnline,
        ["GatewayTimeout"] = GatewayTimeout,
        ["ThrottlingException"] = Throttling,
    };

    public static IotHubError Classify(int httpStatus, string? body, string? headerCode)
    {
        var (code, message) = Parse(body);
        if (code is null && headerCode is not null && CodesByName.TryGetValue(headerCode, out var named))
        {
            code = named;
        }

        var status = code switch
        {
            DeviceNotFound or ModuleNotFound or DeviceNotOnline => DirectMethodStatus.DeviceOffline,
            GatewayTimeout => DirectMethodStatus.Timeout,
            _ => DirectMethodStatus.Failed,
        };
        var detail = $"IoT Hub answered {httpStatus}"
            + (code is { } c ? $" ({c}{(headerCode is null ? string.Empty : " " + headerCode)})" : headerCode is null ? string.Empty : $" ({headerCode})")
            + (string.IsNullOrWhiteSpace(message) ? "." : ": " + message);
        return new IotHubError(status, httpStatus, code, detail);
    }

    /// <summary>The code and message of <c>{"Message":"{\"errorCode\":…}"}</c>, or of a body that is the detail itself.</summary>
    internal static (int? Code, string? Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, IotHubJsonContext.Default.IotHubErrorEnvelope);
            if (envelope?.Message is { } inner)
            {
                var trimmed = inner.TrimStart();
                if (trimmed.StartsWith('{'))
                {
                    var nested = JsonSerializer.Deserialize(trimmed, IotHubJsonContext.Default.IotHubErrorDetail);
                    return (nested?.ErrorCode, nested?.Message ?? inner);
                }

                return (null, inner);
            }

            var detail = JsonSerializer.Deserialize(body, IotHubJsonContext.Default.IotHubErrorDetail);
            return (detail?.ErrorCode, detail?.Message);
        }
        catch (JsonException)
        {
            return (null, body.Length > 512 ? body[..512] : body);
        }
    }
}
