using System.Globalization;
using CloudStatus.Core.Central;

namespace CloudStatus.Core.Addresses;

/// <summary>
/// The journal items a batch's writes make: a live producer that appears with an address, or whose MAC or IP
/// differs from central's row (with the IP it had); a live producer with an address deleted (a release). The item id names the producer, its epoch and sequence, so a retried apply enqueues
/// the same items.
/// </summary>
public static class IdentityChanges
{
    public static IReadOnlyList<AddressClaim> Detect(
        string siteId, IEnumerable<ProducerState> writes, IReadOnlyDictionary<string, ProducerState> stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(stored);
        var items = new List<AddressClaim>();
        foreach (var write in writes)
        {
            stored.TryGetValue(write.ProducerId, out var before);
            if (write.Deleted)
            {
                // Deleted (or cascaded from a deleted parent): the addresses it held go back to the tenant.
                if (before is { Deleted: false } && (before.Mac is not null || before.Ip is not null))
                {
                    items.Add(Claim(siteId, write, AddressSources.Release, now) with { Mac = null, Ip = null });
                }

                continue;
            }

            if (write.Mac is null && write.Ip is null)
            {
                continue;
            }

            if (before is { Deleted: false } && before.Mac == write.Mac && before.Ip == write.Ip)
            {
                continue;
            }

            items.Add(Claim(siteId, write, AddressSources.Ingest, now) with
            {
                PreviousIp = before is { Deleted: false, Ip: { } previous } && previous != write.Ip ? previous : null,
            });
        }

        return items;
    }

    private static AddressClaim Claim(string siteId, ProducerState write, string source, DateTimeOffset now) =>
        new()
        {
            Id = ItemId(write.ServerId, write.ProducerId, write.Epoch, write.Seq),
            TenantId = write.TenantId,
            SiteId = siteId,
            ServerId = write.ServerId,
            ProducerId = write.ProducerId,
            Mac = write.Mac,
            Ip = write.Ip,
            Source = source,
            At = now,
        };

    /// <summary>
    /// A journal id of <c>[A-Za-z0-9._:-]</c> (safe as a Cosmos DB id and in an API path), at most 120 characters: a
    /// longer one keeps its start and ends in a hash of the whole.
    /// </summary>
    public static string ItemId(string serverId, string producerId, string epoch, long seq)
    {
        var text = $"{serverId}:{producerId}:{epoch}:{seq.ToString(CultureInfo.InvariantCulture)}";
        var safe = string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-' ? c : '_';
            }
        });
        if (safe.Length <= MaxIdLength)
        {
            return safe;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..32];
        return safe[..(MaxIdLength - 33)] + "-" + hash;
    }

    private const int MaxIdLength = 120;
}
