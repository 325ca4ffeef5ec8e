using Azure.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// The Entra ID token for IoT Hub (<see cref="IotHubOptions.TokenScope"/>), fetched from the injected
/// <see cref="TokenCredential"/> once and reused until it is due for refresh (the credential's RefreshOn, else
/// <see cref="IotHubOptions.TokenRefreshMargin"/> before it expires). One fetch at a time; thread-safe.
/// </summary>
internal sealed class IotHubTokenCache(
    TokenCredential credential,
    TimeProvider time,
    IOptions<IotHubOptions> options,
    ILogger<IotHubTokenCache> logger) : IDisposable
{
    private static readonly TokenRequestContext Request = new([IotHubOptions.TokenScope]);

    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile CachedToken? _cached;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } fresh && IsFresh(fresh))
        {
            return fresh.Token.Token;
        }

        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } again && IsFresh(again))
            {
                return again.Token.Token;
            }

            var token = await credential.GetTokenAsync(Request, cancellationToken).ConfigureAwait(false);
            _cached = new CachedToken(token);
            Log.IotHubTokenFetched(logger, token.ExpiresOn);
            return token.Token;
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> after IoT Hub refused it (401), so the next call fetches a new one.</summary>
    public void Invalidate(string token)
    {
        if (_cached is { } cached && string.Equals(cached.Token.Token, token, StringComparison.Ordinal))
        {
            _cached = null;
        }
    }

    public void Dispose() => _fetch.Dispose();

    private bool IsFresh(CachedToken cached)
    {
        var due = cached.Token.RefreshOn ?? cached.Token.ExpiresOn - options.Value.TokenRefreshMargin;
        return time.GetUtcNow() < due;
    }

    private sealed record CachedToken(AccessToken Token);
}
