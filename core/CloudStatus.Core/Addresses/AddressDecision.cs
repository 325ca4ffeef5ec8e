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

    /// <summary>The master already says what the item says: dequeue only.</summary>
    public bool IsUnchanged => Binding is null && Conflict is null;

    public static AddressDecision Apply(AddressBinding binding) => new() { Binding = binding };

    public static AddressDecision BackOut(AddressConflict conflict) => new() { Conflict = conflict };

    public static AddressDecision Unchanged { get; } = new();
}
