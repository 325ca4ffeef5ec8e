using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions;

/// <summary>Propagation, add claims and releases of the address journal (docs/adr/0150): event ids 2920–2939.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2920, Level = LogLevel.Information, Message = "Address of {ProducerId} changed from {PreviousIp} to {Ip}; servers told: {Servers}")]
    public static partial void AddressPropagated(ILogger logger, string producerId, string? previousIp, string ip, string servers);

    [LoggerMessage(EventId = 2921, Level = LogLevel.Information, Message = "Add {CommandId} for {ProducerId} journaled its identity claim (MAC {Mac}, IP {Ip})")]
    public static partial void AddClaimJournaled(ILogger logger, string commandId, string producerId, string? mac, string? ip);

    [LoggerMessage(EventId = 2923, Level = LogLevel.Information, Message = "Add {CommandId} for {ProducerId} ended {Status} without its device: its address reservation is released")]
    public static partial void AddReservationReleasing(ILogger logger, string commandId, string producerId, string status);

    [LoggerMessage(EventId = 2922, Level = LogLevel.Information, Message = "Addresses of {ProducerId} on {ServerId} released")]
    public static partial void AddressReleased(ILogger logger, string producerId, string serverId);
}
