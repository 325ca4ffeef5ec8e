using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// The router adapter over HTTP: <c>PUT {routerUrl}/mappings/{newIp}</c> with <c>{"network","to"}</c> asks the site
/// router to send what arrives for the new address on to the old one (seed 001). Idempotent: the same mapping again
/// is the same mapping.
/// </summary>
internal sealed class SiteRouterClient(HttpClient http)
{
    /// <summary>Null when the router took the mapping, else why not.</summary>
    public async Task<string?> MapAsync(Uri routerUrl, string network, string newIp, string oldIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routerUrl);
        var url = new Uri(routerUrl, $"mappings/{Uri.EscapeDataString(newIp)}");
        try
        {
            using var response = await http.PutAsJsonAsync(url, new RouterMapping(network, oldIp), RouterJsonContext.Default.RouterMapping, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : $"the router at {routerUrl} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            return $"the router at {routerUrl} is unreachable: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the router at {routerUrl} did not answer in time";
        }
    }
}

/// <summary>What the router is asked: packets for the mapping's address go on to <see cref="To"/> in <see cref="Network"/>.</summary>
internal sealed record RouterMapping(string Network, string To);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RouterMapping))]
internal sealed partial class RouterJsonContext : JsonSerializerContext;
