namespace CloudStatus.Core.Addresses;

/// <summary>What reconciling one journal item does to the master.</summary>
public sealed record AddressDecision
{
    private AddressDecision()
    {
    }

    /// <summary>The producer's new master entry (<see cref="Apply"/>); null otherwise.</summary>
    public AddressBinding? Binding { get; private init; }

    /// <summary>The backed-out claim (<see cref="BackOut"/>); null otherwise.</summary>
    public AddressConflict? Conflict { get; private init; }

    /// <summary>Entries that give their addresses back with <see cref="Binding"/> (an add's reservation the producer took up).</summary>
    public IReadOnlyList<AddressBinding> Released { get; private init; } = [];

    /// <summary>The master already says what the item says: dequeue only.</summary>
    public bool IsUnchanged => Binding is null && Conflict is null;

    public static AddressDecision Apply(AddressBinding binding, IReadOnlyList<AddressBinding>? released = null) =>
        new() { Binding = binding, Released = released ?? [] };

    public static AddressDecision BackOut(AddressConflict conflict) => new() { Conflict = conflict };

    public static AddressDecision Unchanged { get; } = new();
}
