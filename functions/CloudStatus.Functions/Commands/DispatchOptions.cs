namespace CloudStatus.Functions.Commands;

/// <summary>
/// Options of durable dispatch (section <c>CloudStatus:Central:Dispatch</c>): which queue carries commands and resync
/// requests, how the local drain reads it, and how the re-scan finds commands left behind.
/// </summary>
internal sealed class DispatchOptions
{
    public const string SectionName = "CloudStatus:Central:Dispatch";

    public const string KindKey = SectionName + ":Kind";

    /// <summary>The Functions host's default <c>queues.maxDequeueCount</c> (host.json sets it explicitly).</summary>
    public const int DefaultMaxDequeueCount = 5;

    /// <summary>Outbox (a table of the embedded SQLite store, the default) or StorageQueue (Azure Storage, Azurite).</summary>
    public DispatchQueueKind Kind { get; set; } = DispatchQueueKind.Outbox;

    /// <summary>The queue service endpoint for an Entra ID (managed identity) connection, e.g. https://acct.queue.core.windows.net.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>ONLY for Azurite: a connection string with the development account key. Unset in Azure.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The queue's name; the poison queue is this name with <c>-poison</c>.</summary>
    public string QueueName { get; set; } = "cloudstatus-dispatch";

    /// <summary>Deliveries before a message goes to the poison queue (keep equal to host.json's <c>queues.maxDequeueCount</c>).</summary>
    public int MaxDequeueCount { get; set; } = DefaultMaxDequeueCount;

    /// <summary>How long a message received by the local drain stays hidden; longer than a direct method may take.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the local drain waits after finding the queue empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the local re-scan runs (in Azure: the RescanCommands timer).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A command still pending this long after it was requested is queued again by the re-scan.</summary>
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A waiting command (an add whose device has not shown up yet) is asked again this long after it was last sent, at the next re-scan.</summary>
    public TimeSpan WaitingRecheck { get; set; } = TimeSpan.FromMinutes(1);

    public string PoisonQueueName => QueueName + "-poison";

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Kind == DispatchQueueKind.StorageQueue && QueueServiceUri is null && string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{SectionName}:QueueServiceUri (or, for Azurite, ConnectionString) is required when Kind is StorageQueue.");
        }

        if (QueueServiceUri is { } uri && (!uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{SectionName}:QueueServiceUri must be an absolute https URI: Entra ID tokens are only sent over TLS (was '{QueueServiceUri}').");
        }

        // Storage queue names: 3–63 lowercase letters, digits and single hyphens; "-poison" must still fit.
        if (QueueName.Length is < 3 or > 56 || !QueueName.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            || QueueName.StartsWith('-') || QueueName.EndsWith('-') || QueueName.Contains("--", StringComparison.Ordinal))
        {
            errors.Add($"{SectionName}:QueueName must be 3–56 lowercase letters, digits and single hyphens (was '{QueueName}').");
        }

        if (MaxDequeueCount is < 1 or > 100)
        {
            errors.Add($"{SectionName}:MaxDequeueCount must be between 1 and 100 (was {MaxDequeueCount}).");
        }

        Positive(errors, nameof(VisibilityTimeout), VisibilityTimeout, TimeSpan.FromSeconds(1));
        Positive(errors, nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(10));
        Positive(errors, nameof(RescanInterval), RescanInterval, TimeSpan.FromSeconds(1));
        Positive(errors, nameof(RequeueAfter), RequeueAfter, TimeSpan.FromSeconds(1));
        Positive(errors, nameof(WaitingRecheck), WaitingRecheck, TimeSpan.FromSeconds(1));
        return errors;
    }

    private static void Positive(List<string> errors, string name, TimeSpan value, TimeSpan minimum)
    {
        if (value < minimum || value > TimeSpan.FromDays(1))
        {
            errors.Add($"{SectionName}:{name} must be between {minimum} and 1 day (was {value}).");
        }
    }
}

/// <summary>The adapters of the dispatch queue port.</summary>
internal enum DispatchQueueKind
{
    Outbox,
    StorageQueue,
}
