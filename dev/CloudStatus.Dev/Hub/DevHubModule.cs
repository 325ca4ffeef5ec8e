namespace CloudStatus.Dev.Hub;

/// <summary>A module connected to the dev hub (diagnostics).</summary>
internal sealed record DevHubModule(string DeviceId, string ModuleId, DateTimeOffset ConnectedAt, bool MethodsSubscribed)
{
    public string ClientId => $"{DeviceId}/{ModuleId}";
}
