namespace CloudStatus.Edge.Intake;

/// <summary>
/// Add commands (E9) waiting for their producer to show up, one per producer (a later add replaces an earlier one).
/// Not thread-safe: the <see cref="ObservationBuffer"/> that owns it calls it under its lock.
/// </summary>
internal sealed class PendingAdds
{
    private readonly Dictionary<string, PendingAdd> _adds = new(StringComparer.Ordinal);

    public void Set(PendingAdd add) => _adds[add.ProducerId] = add;

    public bool TryTake(string producerId, out PendingAdd? add) => _adds.Remove(producerId, out add);
}
