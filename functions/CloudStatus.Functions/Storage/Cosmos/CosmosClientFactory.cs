using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Builds the one <see cref="CosmosClient"/> of the app: Entra ID (<see cref="DefaultAzureCredential"/>) unless a key
/// is configured (emulators only); the SDK's own retry policy for 429 (and its transient retries); System.Text.Json
/// with the source-generated <see cref="CosmosJsonContext"/>. With an emulator certificate, the client trusts exactly
/// that certificate, uses Gateway mode and never leaves the configured endpoint.
/// </summary>
internal static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosStoreOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.AccountEndpoint ?? throw new InvalidOperationException($"{CosmosStoreOptions.SectionName}:AccountEndpoint is required.");
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "CloudStatus",
            ConnectionMode = options.ConnectionMode,
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRetryAttemptsOnRateLimitedRequests,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRetryWaitTimeOnRateLimitedRequests,
            RequestTimeout = options.RequestTimeout,
            EnableContentResponseOnWrite = false,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.SerializerOptions,
        };

        if (options.EmulatorCertificatePath is { } certificatePath)
        {
            var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            clientOptions.ConnectionMode = ConnectionMode.Gateway;
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None || (certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted.RawData)),
                },
            });
        }

        return options.Key is { } key
            ? new CosmosClient(endpoint, key, clientOptions)
            : new CosmosClient(endpoint, credential ?? new DefaultAzureCredential(), clientOptions);
    }
}
