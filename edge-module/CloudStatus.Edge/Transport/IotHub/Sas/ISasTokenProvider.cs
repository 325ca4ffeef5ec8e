namespace CloudStatus.Edge.Transport.IotHub.Sas;

/// <summary>
/// Issues the SAS token a module presents as its MQTT password. The module connection string's key signs locally
/// (<see cref="SharedAccessKeySasTokenProvider"/>); on IoT Edge the workload API signs (next issue, same port).
/// </summary>
internal interface ISasTokenProvider
{
    /// <param name="resourceUri">The resource, not yet encoded: <c>{hub}/devices/{deviceId}/modules/{moduleId}</c>.</param>
    /// <param name="expiry">When the token stops being valid (rounded down to the second).</param>
    /// <returns>The token: <c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…</c>.</returns>
    ValueTask<string> GetTokenAsync(string resourceUri, DateTimeOffset expiry, CancellationToken cancellationToken = default);
}
