using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Central;

/// <summary>The last registration central received from a server and what it decided (docs/adr/0121).</summary>
public sealed record RegistrationState
{
    public required ServerRegistration Registration { get; init; }

    public required bool Accepted { get; init; }

    /// <summary>Why it was refused; null when accepted.</summary>
    public string? Reason { get; init; }

    /// <summary>Central time it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
}
