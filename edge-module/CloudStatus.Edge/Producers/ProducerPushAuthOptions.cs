using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers;

/// <summary>Who may push producer status (section <c>CloudStatus:Edge:ProducerPush</c>); see ADR 65.</summary>
internal sealed class ProducerPushAuthOptions
{
    public const string SectionName = "CloudStatus:Edge:ProducerPush";

    /// <summary>A secret shorter than this is refused at start.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Off by default: with no caller registered every push is refused. Only for a closed test bench.</summary>
    public bool AllowAnonymous { get; set; }

    public List<ProducerPushCaller> Callers { get; set; } = [];

    public IEnumerable<string> Validate(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Callers.Count; i++)
        {
            var c = Callers[i];
            var at = $"ProducerPush:Callers:{i}";
            if (string.IsNullOrWhiteSpace(c.Name) || !names.Add(c.Name))
            {
                yield return $"{at}:Name is required and must be unique.";
            }

            if ((c.SecretFile is null) == (c.SecretEnvironmentVariable is null))
            {
                yield return $"{at}: give exactly one of SecretFile and SecretEnvironmentVariable.";
            }
            else if (ReadSecret(c, environment, out var error) is null)
            {
                yield return $"{at}: {error}";
            }

            if (c.Subtrees.Count == 0)
            {
                yield return $"{at}:Subtrees must name at least one producer id.";
            }

            foreach (var root in c.Subtrees)
            {
                if (!ProducerId.IsValid(root))
                {
                    yield return $"{at}:Subtrees '{root}' is not a valid producer id.";
                }
            }
        }
    }

    /// <summary>The caller's secret, or null with the reason (which never contains the secret).</summary>
    internal static string? ReadSecret(ProducerPushCaller caller, Func<string, string?> environment, out string? error)
    {
        string? secret;
        if (caller.SecretFile is { } file)
        {
            try
            {
                secret = File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"the secret file '{file}' cannot be read ({ex.GetType().Name}).";
                return null;
            }
        }
        else
        {
            secret = environment(caller.SecretEnvironmentVariable!)?.Trim();
            if (secret is null)
            {
                error = $"the environment variable '{caller.SecretEnvironmentVariable}' is not set.";
                return null;
            }
        }

        if (secret.Length < MinSecretLength)
        {
            error = $"the secret is shorter than {MinSecretLength} characters.";
            return null;
        }

        error = null;
        return secret;
    }
}
