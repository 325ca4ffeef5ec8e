using System.Globalization;
using System.Text;
using CloudStatus.Dev.Cli;

namespace CloudStatus.Dev.Stack;

/// <summary>What the stack prints once it listens: where, the token, and requests to paste.</summary>
internal static class DevBanner
{
    public static string Render(DevStackOptions options, ICollection<string> urls, bool tokenGenerated)
    {
        var url = urls.FirstOrDefault() ?? options.Urls;
        var server = DevFleet.ServerId(1);
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(culture, $"CloudStatus dev stack: {options.Servers} local servers × {options.Switches} switches × {options.Devices} devices, period {options.Period}, heartbeat timeout {options.HeartbeatTimeout}");
        text.AppendLine(culture, $"  dashboard  {url}/#token={Uri.EscapeDataString(options.DevToken ?? string.Empty)}");
        text.AppendLine(culture, $"  API        {url}/api/v1   (OpenAPI: {url}/openapi/v1.json, health: {url}/healthz, {url}/readyz)");
        text.AppendLine(culture, $"  data       {Path.GetFullPath(options.DataDirectory)}");
        text.AppendLine(culture, $"  token      {options.DevToken}{(tokenGenerated ? "   (generated; pass --dev-token to fix it)" : string.Empty)}");
        text.AppendLine();
        text.AppendLine(culture, $"  TOKEN='{options.DevToken}'");
        text.AppendLine(culture, $"  curl -s -H \"Authorization: Bearer $TOKEN\" {url}/api/v1/servers");
        text.AppendLine(culture, $"  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{{\"producerId\":\"{server}.sw-01\",\"action\":\"reboot\"}}' {url}/api/v1/commands");
        text.AppendLine(culture, $"  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" {url}/dev/sim/servers/{server}/stop");
        text.AppendLine(culture, $"  curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{{\"roles\":[\"Status.Read\"],\"tenants\":[\"contoso\"]}}' {url}/dev/tokens   # a reader JWT of one tenant");
        text.AppendLine("Ctrl+C stops the stack; state is kept in the data folder.");
        return text.ToString();
    }
}
