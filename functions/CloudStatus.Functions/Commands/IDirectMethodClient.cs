namespace CloudStatus.Functions.Commands;

/// <summary>
/// Invokes a direct method on a module (cloud → edge). Production: IoT Hub service REST API with an
/// Entra ID token; locally: the dev hub. Never throws for an outcome the hub reports; only for cancellation.
/// </summary>
public interface IDirectMethodClient
{
    Task<DirectMethodOutcome> InvokeAsync(
        string deviceId,
        string moduleId,
        string methodName,
        byte[] payloadJson,
        TimeSpan responseTimeout,
        CancellationToken cancellationToken = default);
}

public enum DirectMethodStatus
{
    /// <summary>The module answered; see <see cref="DirectMethodOutcome.ResponseStatus"/> for its own status.</summary>
    Answered,

    /// <summary>The device or module is not connected (IoT Hub 404103) or unknown (404001, 404010).</summary>
    DeviceOffline,

    /// <summary>The module did not answer in time (IoT Hub 504101).</summary>
    Timeout,

    /// <summary>Any other failure (throttling, transport error).</summary>
    Failed,
}

public sealed record DirectMethodOutcome(DirectMethodStatus Status, int? ResponseStatus, string? PayloadJson, string? Error)
{
    public bool Succeeded => Status == DirectMethodStatus.Answered && ResponseStatus is >= 200 and < 300;
}
