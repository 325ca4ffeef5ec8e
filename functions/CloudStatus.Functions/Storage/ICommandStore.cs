namespace CloudStatus.Functions.Storage;

/// <summary>Operator commands, one partition per command id.</summary>
internal interface ICommandStore
{
    /// <summary>Inserts the command unless one with its id exists; returns false (and stores nothing) then.</summary>
    Task<bool> TryCreateAsync(CommandRecord command, CancellationToken cancellationToken = default);

    Task<CommandRecord?> GetAsync(string commandId, CancellationToken cancellationToken = default);

    Task UpdateAsync(CommandRecord command, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> commands still pending, sent or waiting that were requested before <paramref name="requestedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<CommandRecord>> ListUnfinishedAsync(DateTimeOffset requestedBefore, int limit, CancellationToken cancellationToken = default);
}
