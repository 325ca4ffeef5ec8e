using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>The events central logs when it applies a batch.</summary>
internal static class StatusEvents
{
    /// <summary>
    /// The event of a record replacing <paramref name="live"/> (null when central held no live copy): the edge's own
    /// event name if it sent one, else added / deleted / healthChanged, or none when nothing visible changed.
    /// </summary>
    public static string? TypeOf(ProducerState? live, StatusRecord record)
    {
        if (record.Event is { Length: > 0 } named)
        {
            return named;
        }

        if (live is null)
        {
            return record.Deleted ? null : StatusEventTypes.Added;
        }

        if (record.Deleted)
        {
            return StatusEventTypes.Deleted;
        }

        return live.Health != record.Health || live.Silent != record.Silent || live.Flapping != record.Flapping
            ? StatusEventTypes.HealthChanged
            : null;
    }

    public static StatusEvent ForRecord(ProducerState p, string type) => new()
    {
        EventId = EventIds.For(p.ServerId, p.Epoch, p.ProducerId, p.Seq, type),
        TenantId = p.TenantId,
        ServerId = p.ServerId,
        ProducerId = p.ProducerId,
        Type = type,
        Health = p.Health,
        Seq = p.Seq,
        LocalTimestamp = p.LocalTimestamp,
        CentralTimestamp = p.CentralTimestamp,
    };

    public static StatusEvent ForServer(ServerState server, string type, DateTimeOffset now) => new()
    {
        EventId = EventIds.ForServer(server.ServerId, type, now),
        TenantId = server.TenantId,
        ServerId = server.ServerId,
        ProducerId = server.ServerId,
        Type = type,
        CentralTimestamp = now,
    };
}
