namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// A module identity's connection string:
/// <c>HostName=…;DeviceId=…;ModuleId=…;SharedAccessKey=…[;GatewayHostName=…]</c>.
/// <see cref="ToString"/> never shows the key; neither do the parse errors.
/// </summary>
internal sealed class ModuleConnectionString
{
    private const string HostNameKey = "HostName";
    private const string DeviceIdKey = "DeviceId";
    private const string ModuleIdKey = "ModuleId";
    private const string SharedAccessKeyKey = "SharedAccessKey";
    private const string GatewayHostNameKey = "GatewayHostName";

    private ModuleConnectionString(string hostName, string deviceId, string moduleId, string sharedAccessKey, string? gatewayHostName)
    {
        HostName = hostName;
        DeviceId = deviceId;
        ModuleId = moduleId;
        SharedAccessKey = sharedAccessKey;
        GatewayHostName = gatewayHostName;
    }

    /// <summary>The IoT Hub host name (<c>{hub}.azure-devices.net</c>): used in the user name and the SAS resource.</summary>
    public string HostName { get; }

    public string DeviceId { get; }

    public string ModuleId { get; }

    /// <summary>The module's base64 symmetric key. Never log it.</summary>
    public string SharedAccessKey { get; }

    /// <summary>Where to connect when it is not the hub itself (edgeHub on an IoT Edge device, the dev hub).</summary>
    public string? GatewayHostName { get; }

    /// <summary>Parses a module connection string; throws <see cref="FormatException"/> naming what is missing or invalid.</summary>
    public static ModuleConnectionString Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The IoT Hub module connection string is empty.");
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // Do not echo the segment: it could be (part of) the key.
                throw new FormatException("The IoT Hub module connection string has a part that is not 'Name=value'.");
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (!parts.TryAdd(name, value))
            {
                throw new FormatException($"The IoT Hub module connection string sets '{name}' more than once.");
            }
        }

        if (parts.ContainsKey("SharedAccessKeyName"))
        {
            throw new FormatException(
                "The connection string names a shared access policy (SharedAccessKeyName); a module identity connection string is required.");
        }

        if (parts.ContainsKey("x509"))
        {
            throw new FormatException("X.509 module authentication is not supported; use a SharedAccessKey module connection string.");
        }

        var missing = new[] { HostNameKey, DeviceIdKey, ModuleIdKey, SharedAccessKeyKey }
            .Where(k => !parts.TryGetValue(k, out var v) || v.Length == 0)
            .ToList();
        if (missing.Count > 0)
        {
            var hint = missing.Contains(ModuleIdKey) && missing.Count == 1 ? " (a device connection string? a module identity is required)" : string.Empty;
            throw new FormatException($"The IoT Hub module connection string is missing {string.Join(", ", missing)}{hint}.");
        }

        var key = parts[SharedAccessKeyKey];
        if (!IsBase64(key))
        {
            throw new FormatException("The SharedAccessKey of the IoT Hub module connection string is not valid base64.");
        }

        var deviceId = parts[DeviceIdKey];
        var moduleId = parts[ModuleIdKey];
        RequireIdentifier(DeviceIdKey, deviceId);
        RequireIdentifier(ModuleIdKey, moduleId);

        parts.TryGetValue(GatewayHostNameKey, out var gateway);
        return new ModuleConnectionString(
            parts[HostNameKey],
            deviceId,
            moduleId,
            key,
            string.IsNullOrEmpty(gateway) ? null : gateway);
    }

    public override string ToString()
    {
        var gateway = GatewayHostName is null ? string.Empty : $";{GatewayHostNameKey}={GatewayHostName}";
        return $"{HostNameKey}={HostName};{DeviceIdKey}={DeviceId};{ModuleIdKey}={ModuleId};{SharedAccessKeyKey}=***{gateway}";
    }

    private static void RequireIdentifier(string name, string value)
    {
        if (value.AsSpan().IndexOfAny("/+#") >= 0)
        {
            throw new FormatException($"The {name} '{value}' of the IoT Hub module connection string contains '/', '+' or '#'.");
        }
    }

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }
}
