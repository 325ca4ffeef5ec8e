using Azure.Core;
using Azure.Identity;

namespace CloudStatus.Functions.Tests.Commands;

/// <summary>
/// A hand-written <see cref="TokenCredential"/> (Entra ID cannot be reached here): hands out <c>token-1</c>,
/// <c>token-2</c>, … valid for <see cref="Lifetime"/> from the fake clock, records the scopes asked for, and
/// can be made to fail like a credential with no identity available.
/// </summary>
internal sealed class FakeTokenCredential(TimeProvider time) : TokenCredential
{
    private int _issued;

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public bool Unavailable { get; set; }

    public int Issued => _issued;

    public List<string[]> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (Scopes)
        {
            Scopes.Add(requestContext.Scopes);
        }

        if (Unavailable)
        {
            throw new CredentialUnavailableException("no managed identity here");
        }

        var n = Interlocked.Increment(ref _issued);
        return ValueTask.FromResult(new AccessToken($"token-{n}", time.GetUtcNow() + Lifetime));
    }
}
