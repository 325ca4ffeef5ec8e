using System.Security.Cryptography;
using System.Text;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// Module keys of the dev hub, all derived from one dev master key (like DPS group enrollments derive device keys):
/// key = base64(HMAC-SHA256(base64decode(masterKey), "{deviceId}/{moduleId}")).
/// </summary>
internal static class DevHubKeys
{
    /// <summary>A fresh random master key (32 bytes, base64).</summary>
    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string DeriveModuleKey(string masterKey, string deviceId, string moduleId)
    {
        ArgumentException.ThrowIfNullOrEmpty(masterKey);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        var key = Convert.FromBase64String(masterKey);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{deviceId}/{moduleId}")));
    }

    /// <summary>The module connection string a simulated server uses to reach the dev hub at <paramref name="gatewayHost"/>.</summary>
    public static string ConnectionString(string hubName, string gatewayHost, string deviceId, string moduleId, string masterKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(hubName);
        ArgumentException.ThrowIfNullOrEmpty(gatewayHost);
        var key = DeriveModuleKey(masterKey, deviceId, moduleId);
        return $"HostName={hubName};DeviceId={deviceId};ModuleId={moduleId};SharedAccessKey={key};GatewayHostName={gatewayHost}";
    }
}
