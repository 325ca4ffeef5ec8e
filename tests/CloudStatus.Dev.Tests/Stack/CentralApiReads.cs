using System.Net.Http.Json;
using CloudStatus.Functions.Api;

namespace CloudStatus.Testing.Api;

/// <summary>
/// Reads of central's HTTP API as a user makes them, every page followed; compiled into each suite that drives the
/// running dev stack (linked source, since the DTOs' JSON context is internal to the Function App).
/// </summary>
internal static class CentralApiReads
{
    public static async Task<ServerDto?> ServerAsync(this HttpClient client, string serverId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/servers/{serverId}", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ServerDto) : null;
    }

    /// <summary>Every producer record central holds for one server (all pages).</summary>
    public static async Task<List<ProducerDto>> ProducersAsync(this HttpClient client, string serverId)
    {
        var all = new List<ProducerDto>();
        string? continuation = null;
        do
        {
            var query = $"/api/v1/servers/{serverId}/producers?limit=500" + ContinuationParameter(continuation);
            var page = await client.GetFromJsonAsync(new Uri(query, UriKind.Relative), ApiJsonContext.Default.PageDtoProducerDto);
            all.AddRange(page!.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }

    /// <summary>The whole event log (optionally of one type), oldest first.</summary>
    public static async Task<List<EventDto>> EventsAsync(this HttpClient client, string? type = null)
    {
        var all = new List<EventDto>();
        string? continuation = null;
        do
        {
            var query = "/api/v1/events?limit=1000&order=oldest" + (type is null ? string.Empty : "&type=" + type) + ContinuationParameter(continuation);
            var page = await client.GetFromJsonAsync(new Uri(query, UriKind.Relative), ApiJsonContext.Default.EventPageDto);
            all.AddRange(page!.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return all;
    }

    private static string ContinuationParameter(string? continuation) =>
        continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation);
}
