using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>
/// The real command store with one fault injected: while <see cref="FailSends"/> is set, recording a command as sent
/// throws a transient error (no real store can be made to fail on cue; everything else goes through).
/// </summary>
internal sealed class FlakyCommandStore(ICommandStore inner) : ICommandStore
{
    public bool FailSends { get; set; }

    public Task<bool> TryCreateAsync(CommandRecord command, CancellationToken cancellationToken = default) => inner.TryCreateAsync(command, cancellationToken);

    public Task<CommandRecord?> GetAsync(string commandId, CancellationToken cancellationToken = default) => inner.GetAsync(commandId, cancellationToken);

    public Task UpdateAsync(CommandRecord command, CancellationToken cancellationToken = default) =>
        FailSends && command.Status == CommandStatus.Sent
            ? throw new TransientStoreException("injected: the store is unavailable")
            : inner.UpdateAsync(command, cancellationToken);

    public Task<IReadOnlyList<CommandRecord>> ListUnfinishedAsync(DateTimeOffset requestedBefore, int limit, CancellationToken cancellationToken = default) =>
        inner.ListUnfinishedAsync(requestedBefore, limit, cancellationToken);
}
