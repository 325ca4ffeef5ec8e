using System.Security.Cryptography;
using CloudStatus.Edge.Peers;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The dev stack's peer interfaces (<c>--pairs</c>, docs/adr/0145): one site key per site, fresh per run, in a file under
/// the data folder (as a deployment mounts a secret); each server's LAN address is its <see cref="LanRelay"/>.
/// Short probe settings so the peer link notices a killed server within a few seconds.
/// </summary>
internal static class DevPeerKeys
{
    public static PeerLinkOptions For(string dataDirectory, string siteId)
    {
        var file = Path.GetFullPath(Path.Combine(dataDirectory, "peers", siteId + ".key"));
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        }

        return new PeerLinkOptions
        {
            KeyFile = file,
            ProbeInterval = TimeSpan.FromSeconds(1),
            RequestTimeout = TimeSpan.FromMilliseconds(500),
            MissesBeforeLost = 2,
        };
    }
}
