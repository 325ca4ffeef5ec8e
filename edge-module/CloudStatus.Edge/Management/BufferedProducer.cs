using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Management;

/// <summary>The buffer's slot for one producer, updated in place (a struct in the dictionary: no allocation per observation).</summary>
internal struct BufferedProducer
{
    public string Kind;
    public string? ParentId;
    public Health Reported;
    public string? State;
    public string? Config;
    public ChatterState Chatter;
    public long LastHeardMs;
    public PendingReasons Reasons;

    /// <summary>In the dirty list: changed since the last write.</summary>
    public bool Dirty;

    /// <summary>In the async list.</summary>
    public bool Queued;

    /// <summary>Reported at least once since the buffer started (not only seeded from the heap).</summary>
    public bool Observed;

    /// <summary>The silence rule fired on this producer and it was not heard since.</summary>
    public bool Silenced;

    /// <summary>Of a kind that must keep reporting.</summary>
    public bool Watched;
}
