namespace CloudStatus.Edge.Transport.IotHub.Sas;

/// <summary>Signs SAS tokens locally with the module's symmetric key (from its connection string).</summary>
internal sealed class SharedAccessKeySasTokenProvider : ISasTokenProvider
{
    private readonly byte[] _key;

    /// <param name="base64Key">The module's SharedAccessKey (base64).</param>
    public SharedAccessKeySasTokenProvider(string base64Key)
    {
        ArgumentException.ThrowIfNullOrEmpty(base64Key);
        var buffer = new byte[base64Key.Length];
        if (!Convert.TryFromBase64String(base64Key, buffer, out var written) || written == 0)
        {
            throw new ArgumentException("The shared access key is not valid base64.", nameof(base64Key));
        }

        _key = buffer[..written];
    }

    public ValueTask<string> GetTokenAsync(string resourceUri, DateTimeOffset expiry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceUri);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(SharedAccessSignature.Create(resourceUri, _key, expiry));
    }
}
