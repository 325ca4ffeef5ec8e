namespace CloudStatus.Edge.Intake;

/// <summary>
/// Add commands (E9) waiting for their producer to show up, one per producer id (a later add replaces an earlier one),
/// each also findable by the MAC or IP it matches. A producer that shows up is matched by its id first, then by its MAC,
/// then by its IP (docs/adr/0080). A MAC or IP already awaited by another id's add is refused: two waiting adds could
/// not both be meant for the one device that will show up with it.
/// Not thread-safe: the <see cref="ObservationBuffer"/> that owns it calls it under its lock.
/// </summary>
internal sealed class PendingAdds
{
    private readonly Dictionary<string, PendingAdd> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingAdd> _byMac = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingAdd> _byIp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingAdd> _matched = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    /// <summary>True when some waiting add matches by MAC or IP (then a producer's newly known identity is worth a look).</summary>
    public bool AnyByIdentity => _byMac.Count > 0 || _byIp.Count > 0;

    /// <summary>Keeps the add (replacing an earlier add for the same id); null when kept, else why it was refused.</summary>
    public string? Set(PendingAdd add)
    {
        ArgumentNullException.ThrowIfNull(add);
        if (add.Mac is not null && _byMac.TryGetValue(add.Mac, out var byMac) && byMac.ProducerId != add.ProducerId)
        {
            return $"An add for '{byMac.ProducerId}' already waits for the producer with MAC {add.Mac}.";
        }

        if (add.Ip is not null && _byIp.TryGetValue(add.Ip, out var byIp) && byIp.ProducerId != add.ProducerId)
        {
            return $"An add for '{byIp.ProducerId}' already waits for the producer with IP {add.Ip}.";
        }

        if (_byId.TryGetValue(add.ProducerId, out var earlier))
        {
            Forget(earlier);
            earlier.Completion.TrySetResult(new AddResult(AddOutcome.Refused, earlier.ProducerId, "A later add for the same producer replaced this one."));
        }

        _byId[add.ProducerId] = add;
        if (add.Mac is not null)
        {
            _byMac[add.Mac] = add;
        }

        if (add.Ip is not null)
        {
            _byIp[add.Ip] = add;
        }

        return null;
    }

    /// <summary>Takes the add meant for a producer with this id, MAC and IP: by id, else by MAC, else by IP.</summary>
    public bool TryTake(string producerId, string? mac, string? ip, out PendingAdd? add, out string matchedBy)
    {
        (add, matchedBy) = _byId.GetValueOrDefault(producerId) is { } byId ? (byId, "id")
            : mac is not null && _byMac.GetValueOrDefault(mac) is { } byMac ? (byMac, "mac")
            : ip is not null && _byIp.GetValueOrDefault(ip) is { } byIp ? (byIp, "ip")
            : (null, string.Empty);
        if (add is null)
        {
            return false;
        }

        Forget(add);
        _matched[producerId] = add;
        return true;
    }

    /// <summary>The add a producer took (<see cref="TryTake"/>), once its configuration was pushed; null when none.</summary>
    public PendingAdd? TakeMatched(string producerId) => _matched.Remove(producerId, out var add) ? add : null;

    private void Forget(PendingAdd add)
    {
        _byId.Remove(add.ProducerId);
        if (add.Mac is not null && _byMac.GetValueOrDefault(add.Mac) == add)
        {
            _byMac.Remove(add.Mac);
        }

        if (add.Ip is not null && _byIp.GetValueOrDefault(add.Ip) == add)
        {
            _byIp.Remove(add.Ip);
        }
    }
}
