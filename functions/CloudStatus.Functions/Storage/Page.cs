namespace CloudStatus.Functions.Storage;

/// <summary>One page of a listing; <see cref="Continuation"/> is an opaque token for the next page, null at the end.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);
