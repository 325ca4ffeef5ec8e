using Ids = CloudStatus.Core.Model.ProducerId;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Commands;

namespace CloudStatus.Functions.Api;

internal sealed partial record CommandRequestDto
{
    private const string IdRule = "Must be 1–128 characters of [A-Za-z0-9._:-].";

    public IDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Ids.IsValid(ProducerId))
        {
            errors["producerId"] = [IdRule];
        }

        if (!CommandActions.IsKnown(Action))
        {
            errors["action"] = [$"Must be one of: {string.Join(", ", CommandActions.All)}."];
        }

        if (IdempotencyKey is not null && (IdempotencyKey.Length is 0 or > 128))
        {
            errors["idempotencyKey"] = ["Must be 1–128 characters."];
        }

        if (string.Equals(Action, CommandActions.Add, StringComparison.Ordinal))
        {
            if (!Ids.IsValid(ServerId))
            {
                errors["serverId"] = ["add needs the server of the new producer: " + IdRule];
            }

            if (string.IsNullOrWhiteSpace(Kind) || Kind.Length > 64)
            {
                errors["kind"] = ["add needs the new producer's kind (at most 64 characters)."];
            }

            if (ParentId is not null && !Ids.IsValid(ParentId))
            {
                errors["parentId"] = [IdRule];
            }

            if (Match is { Mac: null, Ip: null })
            {
                errors["match"] = ["match needs a mac, an ip or both."];
            }

            if (Match?.Mac is { } mac && !MacAddress.TryNormalize(mac, out _))
            {
                errors["match.mac"] = [$"'{mac}': {MacAddress.Rule}."];
            }

            if (Match?.Ip is { } ip && !IpAddressText.TryNormalize(ip, out _))
            {
                errors["match.ip"] = [$"'{ip}': {IpAddressText.Rule}."];
            }
        }
        else if (Match is not null)
        {
            errors["match"] = ["Only an add carries a match."];
        }

        return errors;
    }

    public CommandSubmission ToSubmission() => new(ProducerId!, Action!, IdempotencyKey, ServerId, Kind, ParentId, Config, Normalized(Match));

    private static ProducerMatch? Normalized(CommandMatchDto? match) => match is null ? null : new ProducerMatch
    {
        Mac = MacAddress.TryNormalize(match.Mac, out var mac) ? mac : null,
        Ip = IpAddressText.TryNormalize(match.Ip, out var ip) ? ip : null,
    };
}
