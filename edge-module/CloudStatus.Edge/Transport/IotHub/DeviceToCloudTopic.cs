namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>A parsed device-to-cloud topic: the identity it names and its decoded property bag (public for the dev hub).</summary>
public sealed record DeviceToCloudTopic(string DeviceId, string ModuleId, IReadOnlyDictionary<string, string> Properties)
{
    public string? MessageId => Get(IotHubTopics.MessageIdProperty);

    public string? ContentType => Get(IotHubTopics.ContentTypeProperty);

    public string? ContentEncoding => Get(IotHubTopics.ContentEncodingProperty);

    /// <summary>The application properties: every key not starting with <c>$.</c> (system properties).</summary>
    public IReadOnlyDictionary<string, string> ApplicationProperties =>
        Properties.Where(p => !p.Key.StartsWith("$.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private string? Get(string key) => Properties.TryGetValue(key, out var value) ? value : null;
}
