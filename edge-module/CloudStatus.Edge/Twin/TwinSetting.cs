using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;

namespace CloudStatus.Edge.Twin;

/// <summary>
/// One tunable of <see cref="EdgeNodeOptions"/> as the module twin spells it: its camelCase path (<c>period</c>,
/// <c>rules.silenceTimeout</c>), how a desired value is read onto the options (an error sentence when it cannot be),
/// and how the effective value is written back.
/// </summary>
internal sealed record TwinSetting(string Path, Func<JsonNode, EdgeNodeOptions, string?> Apply, Func<EdgeNodeOptions, JsonNode?> Describe)
{
    public static TwinSetting Duration(string path, Func<EdgeNodeOptions, TimeSpan> get, Action<EdgeNodeOptions, TimeSpan> set) => new(
        path,
        (node, options) =>
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text)
                && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var duration))
            {
                set(options, duration);
                return null;
            }

            return $"{path}: {node.ToJsonString()} is not a duration; use a string like \"00:00:30\" ([d.]hh:mm:ss[.fff]).";
        },
        options => JsonValue.Create(get(options).ToString("c", CultureInfo.InvariantCulture)));

    public static TwinSetting Flag(string path, Func<EdgeNodeOptions, bool> get, Action<EdgeNodeOptions, bool> set) => new(
        path,
        (node, options) =>
        {
            if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                set(options, node.GetValue<bool>());
                return null;
            }

            return $"{path}: {node.ToJsonString()} is not true or false.";
        },
        options => JsonValue.Create(get(options)));

    public static TwinSetting Count(string path, Func<EdgeNodeOptions, int> get, Action<EdgeNodeOptions, int> set) => new(
        path,
        (node, options) =>
        {
            if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
            {
                set(options, number);
                return null;
            }

            return $"{path}: {node.ToJsonString()} is not a whole number.";
        },
        options => JsonValue.Create(get(options)));

    public static TwinSetting Kinds(string path, Func<EdgeNodeOptions, IReadOnlyList<string>> get, Action<EdgeNodeOptions, IReadOnlyList<string>> set) => new(
        path,
        (node, options) =>
        {
            if (node is JsonArray array && array.All(k => k is JsonValue v && v.GetValueKind() == JsonValueKind.String))
            {
                set(options, [.. array.Select(k => k!.GetValue<string>())]);
                return null;
            }

            return $"{path}: {node.ToJsonString()} is not an array of producer kinds (strings).";
        },
        options => new JsonArray([.. get(options).Select(k => (JsonNode?)JsonValue.Create(k))]));
}
