using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers;

/// <summary>
/// Identifies a push's caller by its bearer secret (compared in constant time, over SHA-256 digests so that the
/// length does not leak either) and decides whether it may speak for a producer. Refusals are counted on
/// <c>cloudstatus.edge.push.refused</c>, tagged with the reason.
/// </summary>
internal sealed class ProducerPushAuthenticator
{
    private readonly ProducerPushAuthOptions _options;
    private readonly Lazy<IReadOnlyList<(byte[] Digest, ProducerPushCaller Caller)>> _callers;
    private readonly Counter<long> _refused;

    public ProducerPushAuthenticator(IOptions<ProducerPushAuthOptions> options, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options.Value;
        _callers = new(LoadCallers);
        _refused = meterFactory.Create(EdgeMetrics.MeterName)
            .CreateCounter<long>("cloudstatus.edge.push.refused", "{request}", "Producer pushes refused: unauthenticated caller or a producer outside its subtree.");
    }

    /// <summary>The anonymous caller when <c>AllowAnonymous</c> is on: may speak for anything.</summary>
    public static readonly ProducerPushCaller Anonymous = new() { Name = "anonymous" };

    /// <summary>The caller the Authorization header names, or null (and counted) when none does.</summary>
    public ProducerPushCaller? Authenticate(string? authorization)
    {
        if (_options.AllowAnonymous)
        {
            return Anonymous;
        }

        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            Refused("unauthenticated");
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        ProducerPushCaller? match = null;
        foreach (var (digest, caller) in _callers.Value)
        {
            // Every registered secret is compared, so the time taken does not say which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(presented, digest))
            {
                match = caller;
            }
        }

        if (match is null)
        {
            Refused("unauthenticated");
        }

        return match;
    }

    /// <summary>Null when the caller may report this producer, else why not (and counted).</summary>
    public string? Authorize(ProducerPushCaller caller, string producerId, string? parentId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (ReferenceEquals(caller, Anonymous))
        {
            return null;
        }

        foreach (var root in caller.Subtrees)
        {
            if (!IsUnder(producerId, root))
            {
                continue;
            }

            // Below its root a producer must stay inside the subtree; the root itself may name its own parent.
            if (parentId is null || producerId == root || IsUnder(parentId, root))
            {
                return null;
            }
        }

        Refused("forbidden");
        return $"caller '{caller.Name}' may not speak for '{producerId}'" + (parentId is null ? "." : $" under '{parentId}'.");
    }

    internal static bool IsUnder(string id, string root) =>
        id.Length == root.Length
            ? string.Equals(id, root, StringComparison.Ordinal)
            : id.Length > root.Length && id[root.Length] == '.' && id.StartsWith(root, StringComparison.Ordinal);

    private void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("cloudstatus.reason", reason));

    private List<(byte[] Digest, ProducerPushCaller Caller)> LoadCallers() =>
        _options.Callers
            .Select(c => (ProducerPushAuthOptions.ReadSecret(c, Environment.GetEnvironmentVariable, out _), c))
            .Where(x => x.Item1 is not null)
            .Select(x => (SHA256.HashData(Encoding.UTF8.GetBytes(x.Item1!)), x.c))
            .ToList();
}
