using CloudStatus.Edge.Transport.IotHub.Sas;
namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// Issues SAS tokens signed by the IoT Edge security daemon through the workload API: the string to sign
/// (<c>enc(resource) + "\n" + expiry</c>) goes to <c>/modules/{module}/genid/{generation}/sign</c> and the digest it
/// returns is the token's <c>sig</c>. The module never holds its key.
/// </summary>
internal sealed class WorkloadSasTokenProvider(WorkloadApiClient client, string moduleId, string generationId) : ISasTokenProvider
{
    public async ValueTask<string> GetTokenAsync(string resourceUri, DateTimeOffset expiry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceUri);
        var encodedResource = SharedAccessSignature.EncodeResource(resourceUri);
        var expiresOn = expiry.ToUnixTimeSeconds();
        var digest = await client.SignAsync(moduleId, generationId, SharedAccessSignature.StringToSign(encodedResource, expiresOn), cancellationToken)
            .ConfigureAwait(false);
        return SharedAccessSignature.FormatToken(encodedResource, digest, expiresOn);
    }
}
