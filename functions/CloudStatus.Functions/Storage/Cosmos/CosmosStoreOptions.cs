using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>The central store on Cosmos DB (section <c>CloudStatus:Central:Store:Cosmos</c>), used when the store kind is <c>Cosmos</c>.</summary>
internal sealed class CosmosStoreOptions
{
    public const string SectionName = "CloudStatus:Central:Store:Cosmos";

    /// <summary>The account endpoint, e.g. <c>https://myaccount.documents.azure.com:443/</c>.</summary>
    public string? AccountEndpoint { get; set; }

    public string Database { get; set; } = "cloudstatus";

    /// <summary>
    /// The account key, ONLY for a local emulator. Absent in Azure, where <c>DefaultAzureCredential</c> is used (the
    /// managed identity named by <c>AZURE_CLIENT_ID</c>).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// For a local emulator only (requires <see cref="Key"/>): a PEM file with the emulator's self-signed certificate.
    /// The client then trusts exactly that certificate (no other), talks in Gateway mode and stays on the endpoint.
    /// </summary>
    public string? EmulatorCertificatePath { get; set; }

    /// <summary>Create the database and containers at start when missing (emulators, throwaway accounts); in Azure, Bicep creates them.</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>Direct (TCP to the replicas, the default in Azure) or Gateway (HTTPS; always used with an emulator).</summary>
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Direct;

    /// <summary>How often the SDK retries a request throttled with 429 before giving up (then the store throws a transient error).</summary>
    public int MaxRetryAttemptsOnRateLimitedRequests { get; set; } = 9;

    /// <summary>The longest the SDK keeps retrying one throttled request.</summary>
    public TimeSpan MaxRetryWaitTimeOnRateLimitedRequests { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The SDK's timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a read (a point read or a query page) is tried again after 408, 410, 429 (past the SDK's own retries),
    /// 449, 503 or a transport failure, before the store throws a transient error; reads change nothing, so an API read
    /// rides out a storm instead of answering it (0: no retry).
    /// </summary>
    public int TransientReadRetries { get; set; } = 30;

    /// <summary>The longest pause between two tries of a read (exponential from 10 ms with jitter, capped here).</summary>
    public TimeSpan TransientReadMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many item writes of one call (producers of a batch, events) run at once.</summary>
    public int MaxConcurrentWrites { get; set; } = 8;

    /// <summary>Producer record versions (ETag and sequence) kept so a write needs no read first (docs/adr/0130).</summary>
    public int MaxCachedVersions { get; set; } = 1_000_000;

    /// <summary>Every problem, each as a sentence naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(AccountEndpoint)
            || !Uri.TryCreate(AccountEndpoint, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{SectionName}:AccountEndpoint must be the account's https URL, e.g. https://myaccount.documents.azure.com:443/ (was '{AccountEndpoint}').");
        }

        if (string.IsNullOrWhiteSpace(Database) || Database.IndexOfAny(['/', '\\', '?', '#']) >= 0 || Database.Length > 255)
        {
            errors.Add($"{SectionName}:Database must be a database id without / \\ ? # (was '{Database}').");
        }

        if (Key is not null && (Key.Length == 0 || !IsBase64(Key)))
        {
            errors.Add($"{SectionName}:Key must be the emulator's base64 account key when set (leave it unset in Azure to use DefaultAzureCredential).");
        }

        if (EmulatorCertificatePath is not null)
        {
            if (Key is null)
            {
                errors.Add($"{SectionName}:EmulatorCertificatePath is for a local emulator and needs {SectionName}:Key; in Azure leave both unset.");
            }

            if (!File.Exists(EmulatorCertificatePath))
            {
                errors.Add($"{SectionName}:EmulatorCertificatePath '{EmulatorCertificatePath}' does not exist.");
            }
        }

        if (MaxRetryAttemptsOnRateLimitedRequests is < 0 or > 100)
        {
            errors.Add($"{SectionName}:MaxRetryAttemptsOnRateLimitedRequests must be 0–100 (was {MaxRetryAttemptsOnRateLimitedRequests}).");
        }

        if (MaxRetryWaitTimeOnRateLimitedRequests < TimeSpan.Zero || MaxRetryWaitTimeOnRateLimitedRequests > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{SectionName}:MaxRetryWaitTimeOnRateLimitedRequests must be between 0 and 5 minutes (was {MaxRetryWaitTimeOnRateLimitedRequests}).");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"{SectionName}:RequestTimeout must be positive and at most 2 minutes (was {RequestTimeout}).");
        }

        if (TransientReadRetries is < 0 or > 100)
        {
            errors.Add($"{SectionName}:TransientReadRetries must be 0–100 (was {TransientReadRetries}).");
        }

        if (TransientReadMaxDelay < TimeSpan.FromMilliseconds(10) || TransientReadMaxDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{SectionName}:TransientReadMaxDelay must be between 10 ms and 30 s (was {TransientReadMaxDelay}).");
        }

        if (MaxConcurrentWrites is < 1 or > 64)
        {
            errors.Add($"{SectionName}:MaxConcurrentWrites must be 1–64 (was {MaxConcurrentWrites}).");
        }

        if (MaxCachedVersions < 1)
        {
            errors.Add($"{SectionName}:MaxCachedVersions must be at least 1 (was {MaxCachedVersions}).");
        }

        return errors;
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
