using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// IoT Hub's MQTT topic conventions for a module identity (device-to-cloud, direct methods, twin). Property bags are
/// <c>k=v&amp;k=v</c> with keys and values escaped by <see cref="Uri.EscapeDataString(string)"/> (as the Azure IoT SDKs do,
/// so <c>$.ct</c> travels as <c>%24.ct</c>); parsing accepts both escaped and literal keys. Public because the dev hub
/// (dev/) plays the hub's side of the same topics.
/// </summary>
public static class IotHubTopics
{
    public const string MessageIdProperty = "$.mid";
    public const string CorrelationIdProperty = "$.cid";
    public const string ContentTypeProperty = "$.ct";
    public const string ContentEncodingProperty = "$.ce";
    public const string ExpiryProperty = "$.exp";

    /// <summary>Subscribe here to receive direct method requests.</summary>
    public const string MethodRequestFilter = "$iothub/methods/POST/#";
    public const string MethodRequestPrefix = "$iothub/methods/POST/";
    public const string MethodResponsePrefix = "$iothub/methods/res/";

    public const string TwinResponseFilter = "$iothub/twin/res/#";
    public const string TwinResponsePrefix = "$iothub/twin/res/";
    public const string TwinGetPrefix = "$iothub/twin/GET/?$rid=";
    public const string TwinReportedPatchPrefix = "$iothub/twin/PATCH/properties/reported/?$rid=";
    public const string TwinDesiredPatchFilter = "$iothub/twin/PATCH/properties/desired/#";
    public const string TwinDesiredPatchPrefix = "$iothub/twin/PATCH/properties/desired/";

    private const string RequestIdQuery = "?$rid=";

    /// <summary><c>devices/{d}/modules/{m}/messages/events/</c> — the device-to-cloud topic without its property bag.</summary>
    public static string DeviceToCloudPrefix(string deviceId, string moduleId) => $"devices/{deviceId}/modules/{moduleId}/messages/events/";

    /// <summary>The device-to-cloud topic with the URL-encoded property bag (system properties first, in the given order).</summary>
    public static string DeviceToCloud(string deviceId, string moduleId, IEnumerable<KeyValuePair<string, string>> properties) =>
        DeviceToCloudPrefix(deviceId, moduleId) + EncodePropertyBag(properties);

    /// <summary>The device-to-cloud topic for an <see cref="OutboundMessage"/>: <c>$.mid</c>, <c>$.ct</c>, <c>$.ce</c>, then its application properties.</summary>
    public static string DeviceToCloud(string deviceId, string moduleId, OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bag = new List<KeyValuePair<string, string>>(message.Properties.Count + 3);
        if (!string.IsNullOrEmpty(message.MessageId))
        {
            bag.Add(new(MessageIdProperty, message.MessageId));
        }

        if (!string.IsNullOrEmpty(message.ContentType))
        {
            bag.Add(new(ContentTypeProperty, message.ContentType));
        }

        if (!string.IsNullOrEmpty(message.ContentEncoding))
        {
            bag.Add(new(ContentEncodingProperty, message.ContentEncoding));
        }

        bag.AddRange(message.Properties);
        return DeviceToCloud(deviceId, moduleId, bag);
    }

    /// <summary>Parses <c>devices/{d}/modules/{m}/messages/events/{bag}</c>; false for any other topic.</summary>
    public static bool TryParseDeviceToCloud(string topic, [NotNullWhen(true)] out DeviceToCloudTopic? parsed)
    {
        parsed = null;
        ArgumentNullException.ThrowIfNull(topic);

        // devices / {d} / modules / {m} / messages / events [/ {bag}]
        var segments = topic.Split('/', 7);
        if (segments.Length < 6
            || segments[0] != "devices" || segments[2] != "modules" || segments[4] != "messages" || segments[5] != "events"
            || segments[1].Length == 0 || segments[3].Length == 0)
        {
            return false;
        }

        var bag = segments.Length == 7 ? segments[6] : string.Empty;
        if (bag.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        parsed = new DeviceToCloudTopic(segments[1], segments[3], DecodePropertyBag(bag));
        return true;
    }

    public static string EncodePropertyBag(IEnumerable<KeyValuePair<string, string>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var builder = new StringBuilder();
        foreach (var (key, value) in properties)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? string.Empty));
        }

        return builder.ToString();
    }

    /// <summary>Decodes <c>k=v&amp;k=v</c> (a leading <c>?</c> is tolerated, a key without <c>=</c> has an empty value; the last duplicate wins).</summary>
    public static IReadOnlyDictionary<string, string> DecodePropertyBag(string bag)
    {
        ArgumentNullException.ThrowIfNull(bag);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in bag.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary><c>$iothub/methods/POST/{method}/?$rid={rid}</c> — what the hub publishes to invoke a method.</summary>
    public static string MethodRequest(string methodName, string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return $"{MethodRequestPrefix}{methodName}/{RequestIdQuery}{requestId}";
    }

    public static bool TryParseMethodRequest(
        string topic,
        [NotNullWhen(true)] out string? methodName,
        [NotNullWhen(true)] out string? requestId)
    {
        methodName = null;
        requestId = null;
        if (!TrySplitRequestTopic(topic, MethodRequestPrefix, out var name, out var rid))
        {
            return false;
        }

        methodName = name;
        requestId = rid;
        return true;
    }

    /// <summary><c>$iothub/methods/res/{status}/?$rid={rid}</c> — where a module answers a method.</summary>
    public static string MethodResponse(int status, string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return string.Create(CultureInfo.InvariantCulture, $"{MethodResponsePrefix}{status}/{RequestIdQuery}{requestId}");
    }

    public static bool TryParseMethodResponse(string topic, out int status, [NotNullWhen(true)] out string? requestId)
    {
        status = 0;
        requestId = null;
        if (!TrySplitRequestTopic(topic, MethodResponsePrefix, out var statusText, out var rid)
            || !int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out status))
        {
            return false;
        }

        requestId = rid;
        return true;
    }

    /// <summary><c>$iothub/twin/GET/?$rid={rid}</c> — publish (empty) to ask for the full twin.</summary>
    public static string TwinGet(string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return TwinGetPrefix + requestId;
    }

    /// <summary><c>$iothub/twin/PATCH/properties/reported/?$rid={rid}</c> — publish a reported-properties patch.</summary>
    public static string TwinReportedPatch(string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return TwinReportedPatchPrefix + requestId;
    }

    /// <summary><c>$iothub/twin/res/{status}/?$rid={rid}[&amp;$version={n}]</c> — what the hub publishes to answer a twin request.</summary>
    public static string TwinResponse(int status, string requestId, long? version = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var suffix = version is { } v ? string.Create(CultureInfo.InvariantCulture, $"&$version={v}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{TwinResponsePrefix}{status}/{RequestIdQuery}{requestId}{suffix}");
    }

    /// <summary>Parses a twin response topic: its status, request id and (after a reported patch) the new reported version.</summary>
    public static bool TryParseTwinResponse(string topic, out int status, [NotNullWhen(true)] out string? requestId, out long? version)
    {
        status = 0;
        requestId = null;
        version = null;
        if (!TrySplitRequestTopic(topic, TwinResponsePrefix, out var statusText, out var rid)
            || !int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out status))
        {
            return false;
        }

        requestId = rid;
        version = TryGetVersion(topic);
        return true;
    }

    /// <summary><c>$iothub/twin/PATCH/properties/desired/?$version={n}</c> — a desired-properties change.</summary>
    public static string TwinDesiredPatch(long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{TwinDesiredPatchPrefix}?$version={version}");

    public static bool TryParseTwinDesiredPatch(string topic, out long version)
    {
        ArgumentNullException.ThrowIfNull(topic);
        version = 0;
        if (!topic.StartsWith(TwinDesiredPatchPrefix, StringComparison.Ordinal) || TryGetVersion(topic) is not { } parsed)
        {
            return false;
        }

        version = parsed;
        return true;
    }

    private static long? TryGetVersion(string topic)
    {
        var query = topic.IndexOf('?', StringComparison.Ordinal);
        return query >= 0
            && DecodePropertyBag(topic[query..]).TryGetValue("$version", out var text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
    }

    // {prefix}{middle}/?$rid={rid}[&more]
    private static bool TrySplitRequestTopic(string topic, string prefix, out string middle, out string requestId)
    {
        middle = string.Empty;
        requestId = string.Empty;
        ArgumentNullException.ThrowIfNull(topic);
        if (!topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var query = DecodePropertyBag(rest[(slash + 1)..].ToString());
        if (!query.TryGetValue("$rid", out var rid) || rid.Length == 0)
        {
            return false;
        }

        middle = rest[..slash].ToString();
        requestId = rid;
        return true;
    }
}
