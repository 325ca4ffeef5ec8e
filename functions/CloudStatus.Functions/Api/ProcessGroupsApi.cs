using System.Security.Claims;
using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CloudStatus.Functions.Api;

/// <summary>
/// <c>GET /servers/{serverId}/process-groups</c>: the roll-up per tenant group of a server's supervised processes
/// (ADR 0101), over the caller's own groups only — on a shared server each tenant sees the roll-up of its groups.
/// </summary>
internal static class ProcessGroupsApi
{
    private const int PageSize = 500;

    internal static async Task<Results<Ok<IReadOnlyList<ProcessGroupDto>>, ProblemHttpResult>> ListAsync(
        string serverId, ClaimsPrincipal user, IServerStore servers, IProducerStore producers, CancellationToken cancellationToken)
    {
        var filter = new ProducerFilter { Kind = ProducerKind.Process, Deleted = false };
        var scoped = await ServersApi.ScopeProducersAsync(servers, producers, serverId, filter, user, cancellationToken).ConfigureAwait(false);
        if (scoped is null)
        {
            return ServersApi.ServerNotFound(serverId);
        }

        var groups = new Dictionary<(string Group, string Tenant), Tally>();
        string? continuation = null;
        do
        {
            var page = await producers.PageAsync(serverId, scoped, PageSize, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var process in page.Items)
            {
                var (group, phase, restarts) = Describe(process);
                var key = (group, process.TenantId);
                if (!groups.TryGetValue(key, out var tally))
                {
                    groups[key] = tally = new Tally();
                }

                tally.Add(process.Health, phase, restarts);
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return TypedResults.Ok<IReadOnlyList<ProcessGroupDto>>(
            [.. groups.OrderBy(g => g.Key.Group, StringComparer.Ordinal).ThenBy(g => g.Key.Tenant, StringComparer.Ordinal).Select(g => new ProcessGroupDto(
                g.Key.Group, g.Key.Tenant, g.Value.Processes, g.Value.Running, g.Value.CrashLooping, g.Value.Restarts,
                new HealthCountsDto(g.Value.Online, g.Value.Degraded, g.Value.Offline, g.Value.Unknown)))]);
    }

    private static (string Group, string? Phase, long Restarts) Describe(ProducerState process)
    {
        if (process.State is null)
        {
            return ("", null, 0);
        }

        using var state = JsonDocument.Parse(process.State);
        var root = state.RootElement;
        return (
            root.TryGetProperty("group", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "",
            root.TryGetProperty("phase", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null,
            root.TryGetProperty("restarts", out var r) && r.TryGetInt64(out var n) ? n : 0);
    }

    private sealed class Tally
    {
        public int Processes { get; private set; }
        public int Running { get; private set; }
        public int CrashLooping { get; private set; }
        public long Restarts { get; private set; }
        public long Online { get; private set; }
        public long Degraded { get; private set; }
        public long Offline { get; private set; }
        public long Unknown { get; private set; }

        public void Add(Health health, string? phase, long restarts)
        {
            Processes++;
            Running += phase == "running" ? 1 : 0;
            CrashLooping += phase == "crashLoop" ? 1 : 0;
            Restarts += restarts;
            switch (health)
            {
                case Health.Online: Online++; break;
                case Health.Degraded: Degraded++; break;
                case Health.Offline: Offline++; break;
                default: Unknown++; break;
            }
        }
    }
}

/// <summary>One tenant group's processes on a server: how many, running, in a crash loop, restarts in all, and by health.</summary>
internal sealed record ProcessGroupDto(
    string Group, string TenantId, int Processes, int Running, int CrashLooping, long Restarts, HealthCountsDto Counts);
