using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>Which servers of one tenant a listing returns: every set property must match (null = any).</summary>
public sealed record ServerFilter
{
    public static readonly ServerFilter None = new();

    public string? SiteId { get; init; }
    public bool? Online { get; init; }

    public bool Matches(ServerState server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return (SiteId is null || string.Equals(server.SiteId, SiteId, StringComparison.Ordinal))
            && (Online is null || server.Online == Online);
    }
}
