namespace CloudStatus.Functions.Commands;

/// <summary>Registered when the host provides no <see cref="IDirectMethodClient"/>: every call fails plainly.</summary>
internal sealed class UnconfiguredDirectMethodClient : IDirectMethodClient
{
    public const string Reason = "no IoT Hub configured";

    public Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, Reason));
}
