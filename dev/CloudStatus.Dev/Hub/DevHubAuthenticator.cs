using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// Checks a CONNECT like IoT Hub does for a module: client id <c>{d}/{m}</c>, user name
/// <c>{hub}/{d}/{m}/?api-version=…</c>, password a valid unexpired SAS token for that module signed with its key.
/// </summary>
internal sealed class DevHubAuthenticator(string hostName, string masterKey, TimeProvider timeProvider)
{
    public DevHubAuthResult Authenticate(string? clientId, string? userName, string? password)
    {
        if (!TrySplitClientId(clientId, out var deviceId, out var moduleId))
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.BadClientId, "client id is not '{deviceId}/{moduleId}'");
        }

        // The hub name compares case-insensitively (it is a DNS name), the identity exactly.
        var identityPart = $"/{deviceId}/{moduleId}/?";
        if (userName is null
            || userName.Length < hostName.Length + identityPart.Length
            || !userName.AsSpan(0, hostName.Length).Equals(hostName, StringComparison.OrdinalIgnoreCase)
            || !userName.AsSpan(hostName.Length).StartsWith(identityPart, StringComparison.Ordinal)
            || !userName.AsSpan(hostName.Length + identityPart.Length).Contains("api-version=", StringComparison.Ordinal))
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.BadUserName, "user name is not '{hub}/{deviceId}/{moduleId}/?api-version=…'");
        }

        if (!SharedAccessSignature.TryParse(password, out var token))
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.NotAuthorized, "password is not a SAS token");
        }

        var resource = SharedAccessSignature.ModuleResource(hostName, deviceId, moduleId);
        if (!string.Equals(token.Resource, resource, StringComparison.OrdinalIgnoreCase) || token.KeyName is not null)
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.NotAuthorized, "SAS token is for another resource");
        }

        if (token.Expiry <= timeProvider.GetUtcNow())
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.NotAuthorized, "SAS token expired");
        }

        var moduleKey = Convert.FromBase64String(DevHubKeys.DeriveModuleKey(masterKey, deviceId, moduleId));
        if (!token.IsSignedWith(moduleKey))
        {
            return DevHubAuthResult.Fail(DevHubAuthFailure.NotAuthorized, "SAS signature does not match the module key");
        }

        return new DevHubAuthResult(DevHubAuthFailure.None, deviceId, moduleId, null);
    }

    public static bool TrySplitClientId(string? clientId, out string deviceId, out string moduleId)
    {
        deviceId = string.Empty;
        moduleId = string.Empty;
        var parts = clientId?.Split('/');
        if (parts is not { Length: 2 } || parts[0].Length == 0 || parts[1].Length == 0
            || parts[0].AsSpan().IndexOfAny("+#") >= 0 || parts[1].AsSpan().IndexOfAny("+#") >= 0)
        {
            return false;
        }

        deviceId = parts[0];
        moduleId = parts[1];
        return true;
    }
}

internal enum DevHubAuthFailure
{
    None,
    BadClientId,
    BadUserName,
    NotAuthorized,
}

internal sealed record DevHubAuthResult(DevHubAuthFailure Failure, string? DeviceId, string? ModuleId, string? Reason)
{
    public bool Succeeded => Failure == DevHubAuthFailure.None;

    public static DevHubAuthResult Fail(DevHubAuthFailure failure, string reason) => new(failure, null, null, reason);
}
