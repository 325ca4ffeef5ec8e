using System.Globalization;
using CloudStatus.Core.Central;

namespace CloudStatus.Core.Addresses;

/// <summary>
/// The journal items a batch's writes make: a live producer that appears with an address, or whose MAC or IP
/// differs from central's row. The item id names the producer, its epoch and sequence, so a retried apply enqueues
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
            if (write.Deleted || (write.Mac is null && write.Ip is null))
            {
                continue;
            }

            if (stored.TryGetValue(write.ProducerId, out var before) && !before.Deleted && before.Mac == write.Mac && before.Ip == write.Ip)
            {
                continue;
            }

            items.Add(new AddressClaim
            {
                Id = ItemId(write.ServerId, write.ProducerId, write.Epoch, write.Seq),
                TenantId = write.TenantId,
                SiteId = siteId,
                ServerId = write.ServerId,
                ProducerId = write.ProducerId,
                Mac = write.Mac,
                Ip = write.Ip,
                Source = AddressSources.Ingest,
                At = now,
            });
        }

        return items;
    }

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
