using System.Net;
using System.Net.Http.Headers;

namespace CloudStatus.Functions.Commands;

/// <summary>Puts the cached Entra ID bearer token on every IoT Hub request; a 401 drops it from the cache.</summary>
internal sealed class IotHubAuthorizationHandler(IotHubTokenCache tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Invalidate(token);
        }

        return response;
    }
}
