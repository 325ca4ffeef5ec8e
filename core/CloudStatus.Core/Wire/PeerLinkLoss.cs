namespace CloudStatus.Core.Wire;

/// <summary>
/// The peer-link signal (docs/adr/0147): the sender's peer link has not had an answer from <see cref="ServerId"/>
/// (a server it covers) since <see cref="LostSince"/>. Central believes it only when it has not heard that server lately either.
/// </summary>
public sealed record PeerLinkLoss
{
    public required string ServerId { get; init; }

    /// <summary>The sender's clock when its link counted the server lost.</summary>
    public required DateTimeOffset LostSince { get; init; }
}
