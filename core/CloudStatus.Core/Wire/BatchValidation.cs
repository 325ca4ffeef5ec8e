using CloudStatus.Core.Model;

namespace CloudStatus.Core.Wire;

/// <summary>The semantic rules of StatusBatch v1 that JSON shape alone does not enforce.</summary>
public static class BatchValidation
{
    /// <summary>Most leases one batch may present (its own and the ones it took over).</summary>
    public const int MaxFences = 64;

    /// <summary>Returns null for a valid batch, or the first reason it is not.</summary>
    public static string? Validate(StatusBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // BatchCodec.Decode turns absent arrays into empty ones; a batch built in code with a null list is a bug.
        if (batch.Records is null || batch.Connectivity is null)
        {
            return "records[] and connectivity[] must be present (empty when there is nothing to say).";
        }

        if (!string.Equals(batch.Schema, WireConstants.SchemaV1, StringComparison.Ordinal))
        {
            return $"Unknown schema '{batch.Schema}'; expected '{WireConstants.SchemaV1}'.";
        }

        if (!ProducerId.IsValid(batch.ServerId))
        {
            return $"Invalid serverId '{batch.ServerId}'.";
        }

        if (!ProducerId.IsValid(batch.TenantId) || !ProducerId.IsValid(batch.SiteId))
        {
            return "tenantId and siteId must be 1–128 characters of [A-Za-z0-9._:-].";
        }

        if (string.IsNullOrWhiteSpace(batch.Epoch) || batch.Epoch.Length > 64)
        {
            return "epoch must be a non-empty string of at most 64 characters.";
        }

        if (batch.SeqFrom < 0 || batch.SeqTo < batch.SeqFrom)
        {
            return $"Invalid sequence range [{batch.SeqFrom}, {batch.SeqTo}].";
        }

        if (batch.Kind == BatchKind.Heartbeat && batch.Records.Count > 0)
        {
            return "A heartbeat carries no records.";
        }

        foreach (var record in batch.Records)
        {
            if (record is null)
            {
                return "records[] contains null.";
            }

            if (!ProducerId.IsValid(record.ProducerId))
            {
                return $"Invalid producerId '{record.ProducerId}'.";
            }

            if (record.ParentId is not null && !ProducerId.IsValid(record.ParentId))
            {
                return $"Invalid parentId '{record.ParentId}' on producer '{record.ProducerId}'.";
            }

            var kind = record.Kind ?? string.Empty;
            if (kind.Length > 64 || (kind.Length == 0 ? !record.IsDelta : string.IsNullOrWhiteSpace(kind)))
            {
                return $"Producer '{record.ProducerId}' has no kind.";
            }

            if (ValidateDelta(record, batch.Kind) is { } deltaError)
            {
                return deltaError;
            }

            if (record.LocalTimestamp == default)
            {
                return $"Producer '{record.ProducerId}' has neither localTimestamp nor ageTicks.";
            }

            if (record.Mac is not null && !MacAddress.IsNormalized(record.Mac))
            {
                return $"Producer '{record.ProducerId}' has mac '{record.Mac}': {MacAddress.Rule}, sent lower-case with colons.";
            }

            if (record.Ip is not null && !IpAddressText.IsNormalized(record.Ip))
            {
                return $"Producer '{record.ProducerId}' has ip '{record.Ip}': {IpAddressText.Rule}, in its canonical form.";
            }

            if (record.Seq < batch.SeqFrom || record.Seq > batch.SeqTo)
            {
                return $"Record '{record.ProducerId}' has seq {record.Seq} outside the batch range [{batch.SeqFrom}, {batch.SeqTo}].";
            }
        }

        foreach (var entry in batch.Connectivity)
        {
            if (entry is null || !ProducerId.IsValid(entry.SwitchId) || entry.Switches is null)
            {
                return "connectivity[] entries need a valid switchId and a switches list.";
            }
        }

        if (batch.Fence is < 1)
        {
            return $"fence must be a positive fencing token (was {batch.Fence}).";
        }

        if (FencesError(batch) is { } fencesError)
        {
            return fencesError;
        }

        if (batch.PeerLoss is { } loss && (!ProducerId.IsValid(loss.ServerId) || string.Equals(loss.ServerId, batch.ServerId, StringComparison.Ordinal)))
        {
            return $"peerLoss.serverId '{loss.ServerId}' must be a valid server id other than the sender's.";
        }

        return batch.Registration is { } registration ? ValidateRegistration(registration, batch.ServerId) : null;
    }

    private static string? FencesError(StatusBatch batch)
    {
        if (batch.Fences is not { } fences)
        {
            return null;
        }

        if (fences.Count > MaxFences)
        {
            return $"fences may name at most {MaxFences} leases (was {fences.Count}).";
        }

        if (fences.FirstOrDefault(f => !ProducerId.IsValid(f.Key) || f.Value < 1) is { Key: not null } bad)
        {
            return $"fences['{bad.Key}'] must map a valid server id to a positive fencing token (was {bad.Value}).";
        }

        return batch.Fence is { } fence && fences.TryGetValue(batch.ServerId, out var own) && own != fence
            ? $"fence ({fence}) and fences['{batch.ServerId}'] ({own}) disagree."
            : null;
    }

    private static string? ValidateDelta(StatusRecord record, BatchKind kind)
    {
        if (!record.IsDelta)
        {
            return record.StatePatch is null ? null : $"Producer '{record.ProducerId}' has a statePatch but no base: only a delta record patches.";
        }

        if (record.Base < 0 || record.Base > record.Seq)
        {
            return $"Producer '{record.ProducerId}' has base {record.Base}: a delta's base lies between 0 and its seq {record.Seq}.";
        }

        if (kind == BatchKind.Resync)
        {
            return $"Producer '{record.ProducerId}' is a delta in a resync batch: a resync carries full records.";
        }

        if (record.Deleted)
        {
            return $"Producer '{record.ProducerId}' is a delta tombstone: a tombstone is sent as a full record.";
        }

        return record.State is not null && record.StatePatch is not null
            ? $"Producer '{record.ProducerId}' has both state and statePatch."
            : null;
    }

    private static string? ValidateRegistration(ServerRegistration registration, string serverId)
    {
        if (string.IsNullOrWhiteSpace(registration.SoftwareVersion) || registration.SoftwareVersion.Length > 64)
        {
            return "registration.softwareVersion must be a non-empty string of at most 64 characters.";
        }

        if (registration.Adapters is null || registration.ProducerKinds is null || registration.Subtrees is null)
        {
            return "registration.adapters[], producerKinds[] and subtrees[] must be present (empty when there is nothing to say).";
        }

        if (registration.Adapters.Concat(registration.ProducerKinds).Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 64)
            || registration.Adapters.Count + registration.ProducerKinds.Count > 256)
        {
            return "registration adapters and producer kinds must be non-empty names of at most 64 characters (at most 256 in all).";
        }

        if (registration.Subtrees.Count > 1024 || registration.Subtrees.FirstOrDefault(s => !ProducerId.IsValid(s)) is { } bad && bad is not null)
        {
            return "registration.subtrees[] must hold at most 1024 valid producer ids.";
        }

        if (registration.FailoverPeer is { } peer && (!ProducerId.IsValid(peer) || string.Equals(peer, serverId, StringComparison.Ordinal)))
        {
            return $"registration.failoverPeer '{peer}' must be a valid server id other than the server itself.";
        }

        if (registration.LanAddress is { } lan && (lan.Length is 0 or > 255 || lan.Any(char.IsWhiteSpace)))
        {
            return "registration.lanAddress must be host:port, at most 255 characters, no spaces.";
        }

        return null;
    }
}
