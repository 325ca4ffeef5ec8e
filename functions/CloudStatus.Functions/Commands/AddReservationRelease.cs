using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// An <c>add</c> whose device never showed up gives its address reservation back (docs/adr/0150): when the command ends
/// <c>timedOut</c> or <c>failed</c>, an <see cref="AddressSources.AddEnded"/> item joins the journal, which clears the
/// add's entry unless a device already took it up. Queued before the command's final status is written, with an id
/// derived from the command's, so a crash in between queues it again, once.
/// </summary>
internal sealed class AddReservationRelease(IAddressStore addresses, IServerStore servers, TimeProvider time, ILogger<AddReservationRelease> logger)
{
    public static string ItemIdFor(string commandId) => "add-end:" + commandId;

    public async Task ReleaseIfEndedAsync(CommandRecord command, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (status is not (CommandStatus.TimedOut or CommandStatus.Failed)
            || !string.Equals(command.Action, CommandActions.Add, StringComparison.Ordinal)
            || command.Match is not { } match || (match.Mac is null && match.Ip is null)
            || await servers.GetAsync(command.ServerId, cancellationToken).ConfigureAwait(false) is not { } server)
        {
            return;
        }

        await addresses.EnqueueAsync(
            [
                new AddressClaim
                {
                    Id = ItemIdFor(command.CommandId),
                    TenantId = command.TenantId,
                    SiteId = server.SiteId,
                    ServerId = command.ServerId,
                    ProducerId = command.ProducerId,
                    Source = AddressSources.AddEnded,
                    At = time.GetUtcNow(),
                },
            ],
            cancellationToken).ConfigureAwait(false);
        Log.AddReservationReleasing(logger, command.CommandId, command.ProducerId, status);
    }
}
