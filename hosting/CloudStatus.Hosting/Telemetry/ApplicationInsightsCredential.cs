using Azure.Core;
using Azure.Identity;

namespace CloudStatus.Hosting.Telemetry;

/// <summary>
/// The Entra ID credential the Azure Monitor exporter signs in with (Application Insights has local auth disabled):
/// the managed identity named by <c>ClientId=</c> in <see cref="TelemetrySettings.ApplicationInsightsAuthenticationString"/>,
/// else <see cref="DefaultAzureCredential"/>.
/// </summary>
internal static class ApplicationInsightsCredential
{
    public static TokenCredential Create(string? authenticationString) =>
        ClientId(authenticationString) is { } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();

    /// <summary>The <c>ClientId</c> of an <c>Authorization=AAD;ClientId=…</c> string, or null.</summary>
    public static string? ClientId(string? authenticationString)
    {
        foreach (var part in (authenticationString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase) && part[(equals + 1)..].Trim() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }
}
