using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>The site roll-ups as the API answers them, for the failover tests of a duplexed pair (srv-01, srv-02).</summary>
internal static class RollupReads
{
    /// <summary>The roll-ups' total once the periodic views count every producer the pair reports, once each.</summary>
    public static async Task<long> SettledTotalAsync(StackHarness stack)
    {
        long producers = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                var rows = (await stack.ProducersAsync("srv-01")).Concat(await stack.ProducersAsync("srv-02"));
                producers = rows.Where(p => !p.Deleted).Select(p => p.ProducerId).Distinct(StringComparer.Ordinal).Count();
                return await TotalAsync(stack) == producers;
            },
            "the site roll-ups count every producer of the pair once");
        return producers;
    }

    /// <summary>Every producer counted in the tenant's site roll-ups (each health, once).</summary>
    public static async Task<long> TotalAsync(StackHarness stack)
    {
        using var doc = JsonDocument.Parse(await stack.Client.GetStringAsync(new Uri("/api/v1/sites", UriKind.Relative)));
        return doc.RootElement.EnumerateArray().Sum(s =>
        {
            var c = s.GetProperty("counts");
            return c.GetProperty("online").GetInt64() + c.GetProperty("degraded").GetInt64() + c.GetProperty("offline").GetInt64() + c.GetProperty("unknown").GetInt64();
        });
    }
}
