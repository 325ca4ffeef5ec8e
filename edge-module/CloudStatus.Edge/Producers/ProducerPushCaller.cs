namespace CloudStatus.Edge.Producers;

/// <summary>
/// One registered caller of the push endpoint (a producer or a site's element manager): its bearer secret, read from
/// a file or an environment variable (never the twin or configuration itself), and the subtrees it may speak for.
/// </summary>
public sealed class ProducerPushCaller
{
    /// <summary>A name for logs and metrics; never the secret.</summary>
    public string Name { get; set; } = string.Empty;

    public string? SecretFile { get; set; }

    public string? SecretEnvironmentVariable { get; set; }

    /// <summary>Producer ids this caller may report: each id and everything below it (<c>id.*</c>).</summary>
    public List<string> Subtrees { get; set; } = [];
}
