using System.Text.Json.Serialization;

namespace CloudStatus.Core.Wire;

/// <summary>Why a batch was sent.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchKind>))]
public enum BatchKind
{
    /// <summary>Changes written by the periodic propagation (or a compacted catch-up).</summary>
    [JsonStringEnumMemberName("periodic")] Periodic = 0,

    /// <summary>Changes written at once by an event rule (reboot, add, delete, health, silence).</summary>
    [JsonStringEnumMemberName("async")] Async = 1,

    /// <summary>An answer to central's resync request: the current state of every record in the range.</summary>
    [JsonStringEnumMemberName("resync")] Resync = 2,

    /// <summary>No records; proves the server is alive and carries its heap digest.</summary>
    [JsonStringEnumMemberName("heartbeat")] Heartbeat = 3,
}
