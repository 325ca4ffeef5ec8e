namespace CloudStatus.Functions.Commands;

/// <summary>
/// IoT Hub's service REST API for direct methods (section <c>CloudStatus:Central:Commands:IotHub</c>). Direct methods
/// go through it only when <see cref="HostName"/> is set; authentication is an Entra ID token (managed identity in
/// Azure, <c>DefaultAzureCredential</c>) for <see cref="TokenScope"/>, which needs the IoT Hub Data Contributor role.
/// </summary>
internal sealed class IotHubOptions
{
    public const string SectionName = "CloudStatus:Central:Commands:IotHub";

    public const string TokenScope = "https://iothubs.azure.net/.default";

    public const string ApiVersion = "2021-04-12";

    /// <summary>The hub's host name, <c>{hub}.azure-devices.net</c> (no scheme, no path).</summary>
    public string? HostName { get; set; }

    /// <summary>The service address; defaults to <c>https://{HostName}/</c>. Set it only to reach a local stand-in.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>How long IoT Hub waits for a disconnected module to connect before answering 404103 (0–300 s; 0: it must be connected).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Extra time our HTTP call waits past the method's own timeouts before giving up on IoT Hub itself.</summary>
    public TimeSpan HttpTimeoutMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A cached token is renewed this long before it expires (unless the credential says when to refresh).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(HostName);

    public Uri BaseAddress => ServiceUri ?? new Uri($"https://{HostName}/");

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HostName is not null && (HostName.Length == 0 || Uri.CheckHostName(HostName) != UriHostNameType.Dns))
        {
            errors.Add($"{SectionName}:HostName must be the hub's host name, like 'my-hub.azure-devices.net', without scheme or path (was '{HostName}').");
        }

        if (ServiceUri is not null && (!ServiceUri.IsAbsoluteUri || ServiceUri.Scheme is not ("https" or "http")))
        {
            errors.Add($"{SectionName}:ServiceUri must be an absolute http(s) address (was '{ServiceUri}').");
        }

        if (ServiceUri is not null && !Enabled)
        {
            errors.Add($"{SectionName}:ServiceUri is set but HostName is not; set HostName to use IoT Hub.");
        }

        if (ConnectTimeout < TimeSpan.Zero || ConnectTimeout > TimeSpan.FromSeconds(300))
        {
            errors.Add($"{SectionName}:ConnectTimeout must be between 0 and 300 s, IoT Hub's limits (was {ConnectTimeout}).");
        }

        if (HttpTimeoutMargin < TimeSpan.Zero || HttpTimeoutMargin > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{SectionName}:HttpTimeoutMargin must be between 0 and 5 minutes (was {HttpTimeoutMargin}).");
        }

        if (TokenRefreshMargin < TimeSpan.Zero || TokenRefreshMargin > TimeSpan.FromMinutes(30))
        {
            errors.Add($"{SectionName}:TokenRefreshMargin must be between 0 and 30 minutes (was {TokenRefreshMargin}).");
        }

        return errors;
    }
}
