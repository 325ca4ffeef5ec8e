namespace CloudStatus.Core.Ownership;

/// <summary>Why central refuses a write for a lease's producers (the <c>cloudstatus.reason</c> tag of the refusal metric).</summary>
public enum FenceRefusal
{
    None,

    /// <summary>The sender does not hold the lease (a primary while its peer holds it, or a peer after handback).</summary>
    NotHolder,

    /// <summary>The sender presented a fencing token older than the lease's: a write of an earlier grant.</summary>
    StaleToken,

    /// <summary>The sender is neither the primary nor its failover peer.</summary>
    Stranger,
}
