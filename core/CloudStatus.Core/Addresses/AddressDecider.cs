using System.Net;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Addresses;

/// <summary>
/// Reconciles one journal item with the address master (seed 001): the claim is applied unless another producer
/// already holds its IP in the same network or its MAC anywhere in the tenant, or the address is malformed or outside
/// the site's networks — then it is backed out (the master keeps what it had) and becomes a conflict. A release (a
/// deleted producer) clears the producer's entry; an <c>add</c>'s reservation is taken up, not fought, by the producer
/// of the same server that shows up with its address (docs/adr/0150).
/// </summary>
public static class AddressDecider
{
    public static AddressDecision Decide(AddressClaim claim, IReadOnlyCollection<AddressBinding> master, AddressNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(networks);
        var own = master.FirstOrDefault(b => b.IsProducer(claim.ServerId, claim.ProducerId));
        if (claim.Source is AddressSources.Release or AddressSources.AddEnded)
        {
            return own is { HoldsAny: true } && (claim.Source == AddressSources.Release || own.Source == AddressSources.Add)
                ? AddressDecision.Apply(own with { Mac = null, Ip = null, Network = null, ItemId = claim.Id, Since = claim.At, Source = AddressSources.Release })
                : AddressDecision.Unchanged;
        }

        string? mac = null;
        if (claim.Mac is not null && !MacAddress.TryNormalize(claim.Mac, out mac))
        {
            return Refuse(claim, claim.Mac, null, $"'{claim.Mac}': {MacAddress.Rule}");
        }

        string? ip = null;
        string? network = null;
        if (claim.Ip is not null)
        {
            if (!IpAddressText.TryNormalize(claim.Ip, out ip))
            {
                return Refuse(claim, claim.Ip, null, $"'{claim.Ip}': {IpAddressText.Rule}");
            }

            network = networks.NetworkOf(claim.SiteId, IPAddress.Parse(ip), out var outside);
            if (network is null)
            {
                return Refuse(claim, ip, null, outside);
            }
        }

        var others = master.Where(b => !b.IsProducer(claim.ServerId, claim.ProducerId)).ToList();
        var takenUp = claim.Source == AddressSources.Add
            ? []
            : others.Where(b => b.Source == AddressSources.Add && b.ServerId == claim.ServerId
                && ((mac is not null && b.Mac == mac) || (ip is not null && b.Network == network && b.Ip == ip))).ToList();
        others.RemoveAll(takenUp.Contains);
        if (claim.Source == AddressSources.Add
            && others.Any(b => b.ServerId == claim.ServerId && ((mac is not null && b.Mac == mac) || (ip is not null && b.Network == network && b.Ip == ip))))
        {
            return AddressDecision.Unchanged; // the edge matches the add to that producer of its own (docs/adr/0080): nothing to reserve
        }
        if (ip is not null && others.FirstOrDefault(b => b.Network == network && b.Ip == ip) is { } ipHolder)
        {
            return Conflict(claim, ConflictKinds.Ip, ip, network, ipHolder,
                $"{ip} in network {network} is held by {ipHolder.ProducerId} on {ipHolder.ServerId}");
        }

        if (mac is not null && others.FirstOrDefault(b => b.Mac == mac) is { } macHolder)
        {
            return Conflict(claim, ConflictKinds.Mac, mac, null, macHolder,
                $"MAC {mac} is held by {macHolder.ProducerId} on {macHolder.ServerId}");
        }

        // An address the item does not tell is unknown, not gone: the entry keeps it.
        var binding = new AddressBinding
        {
            TenantId = claim.TenantId,
            SiteId = claim.SiteId,
            ServerId = claim.ServerId,
            ProducerId = claim.ProducerId,
            Mac = mac ?? own?.Mac,
            Ip = ip ?? own?.Ip,
            Network = ip is null ? own?.Network : network,
            ItemId = claim.Id,
            Since = claim.At,
            Source = claim.Source,
        };
        if (takenUp.Count > 0)
        {
            return AddressDecision.Apply(binding, [.. takenUp.Select(b => b with { Mac = null, Ip = null, Network = null, ItemId = claim.Id, Since = claim.At, Source = AddressSources.Release })]);
        }

        return own is not null && own.Mac == binding.Mac && own.Ip == binding.Ip && own.Network == binding.Network
            ? AddressDecision.Unchanged
            : AddressDecision.Apply(binding);
    }

    private static AddressDecision Refuse(AddressClaim claim, string address, string? network, string reason) =>
        Conflict(claim, ConflictKinds.Invalid, address, network, null, reason);

    private static AddressDecision Conflict(AddressClaim claim, string kind, string address, string? network, AddressBinding? holder, string reason) =>
        AddressDecision.BackOut(new AddressConflict
        {
            Id = AddressConflict.IdFor(claim.Id),
            TenantId = claim.TenantId,
            SiteId = claim.SiteId,
            Kind = kind,
            Address = address,
            Network = network,
            Newcomer = new ProducerRef(claim.ServerId, claim.ProducerId),
            Holder = holder is null ? null : new ProducerRef(holder.ServerId, holder.ProducerId),
            Claim = claim,
            Reason = reason,
            DetectedAt = claim.At,
            Status = ConflictStatuses.Open,
        });
}
