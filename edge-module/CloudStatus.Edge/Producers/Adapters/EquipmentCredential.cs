namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>Reads an equipment credential where its reference points (file or environment); the value never reaches a log or the twin.</summary>
internal static class EquipmentCredential
{
    /// <summary>The header value, or null when none is configured; throws <see cref="ProducerUnreachableException"/> when a reference leads nowhere.</summary>
    public static async Task<string?> ReadAsync(EquipmentOptions options, CancellationToken cancellationToken)
    {
        if (options.CredentialFile is { } file)
        {
            try
            {
                return (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ProducerUnreachableException($"credential file '{file}' cannot be read ({ex.GetType().Name})", ex);
            }
        }

        if (options.CredentialEnvironmentVariable is { } name)
        {
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
                ? value.Trim()
                : throw new ProducerUnreachableException($"environment variable '{name}' holding the credential is not set");
        }

        return null;
    }
}
