using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Producers;

/// <summary>One observation as a producer pushes it (JSON, camelCase). Everything is optional here so that validation, not the parser, explains what is wrong.</summary>
internal sealed record PushedObservation
{
    public string? ProducerId { get; init; }
    public string? Kind { get; init; }
    public string? ParentId { get; init; }

    /// <summary>online | degraded | offline | unknown; online when absent.</summary>
    public Health? Health { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? Config { get; init; }

    /// <summary>null, "reboot" or "delete".</summary>
    public string? Event { get; init; }

    /// <summary>The producer's MAC address (any usual notation; normalized here).</summary>
    public string? Mac { get; init; }

    /// <summary>The producer's IP address.</summary>
    public string? Ip { get; init; }

    /// <summary>Null when valid, else the reason.</summary>
    public string? Validate()
    {
        if (!Core.Model.ProducerId.IsValid(ProducerId))
        {
            return $"producerId '{ProducerId}' must be 1–{Core.Model.ProducerId.MaxLength} characters of [A-Za-z0-9._:-].";
        }

        if (string.IsNullOrWhiteSpace(Kind) || Kind.Length > 64)
        {
            return "kind must be 1–64 characters.";
        }

        if (ParentId is not null && !Core.Model.ProducerId.IsValid(ParentId))
        {
            return $"parentId '{ParentId}' must be a valid producer id.";
        }

        if (!ObservationEvents.IsKnown(Event))
        {
            return $"event '{Event}' must be null, \"reboot\" or \"delete\".";
        }

        if (Mac is not null && !MacAddress.TryNormalize(Mac, out _))
        {
            return $"mac '{Mac}': {MacAddress.Rule}.";
        }

        if (Ip is not null && !IpAddressText.TryNormalize(Ip, out _))
        {
            return $"ip '{Ip}': {IpAddressText.Rule}.";
        }

        return null;
    }

    public Observation ToObservation() =>
        new(ProducerId!, Kind!, ParentId, Health ?? Core.Model.Health.Online, State, Config, Event,
            MacAddress.TryNormalize(Mac, out var mac) ? mac : null,
            IpAddressText.TryNormalize(Ip, out var ip) ? ip : null);
}

/// <summary>The answer to an accepted push.</summary>
internal sealed record PushAccepted(int Accepted);
