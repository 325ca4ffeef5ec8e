using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudStatus.Infra.Tests.Support;

/// <summary>
/// edge-module/deployment.template.json with its <c>${NAME}</c> placeholders filled the way docs/deploy.md fills them
/// (envsubst), parsed.
/// </summary>
internal static partial class EdgeManifest
{
    public static string TemplatePath => Path.Combine(RepoPaths.EdgeModule, "deployment.template.json");

    public static string TemplateText => File.ReadAllText(TemplatePath);

    /// <summary>Every placeholder name in the template.</summary>
    public static IReadOnlySet<string> Placeholders =>
        Placeholder().Matches(TemplateText).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The manifest after substituting <paramref name="values"/> (a missing value fails the substitution).</summary>
    public static JsonObject Load(IReadOnlyDictionary<string, string> values) =>
        JsonNode.Parse(Placeholder().Replace(TemplateText, m => values[m.Groups["name"].Value]))!.AsObject();

    public static JsonObject Modules(JsonObject manifest) => manifest["modulesContent"]!.AsObject();

    public static JsonObject Desired(JsonObject manifest, string twin) => Modules(manifest)[twin]!["properties.desired"]!.AsObject();

    /// <summary>A module's createOptions (a JSON document inside a string).</summary>
    public static JsonObject CreateOptions(JsonNode module) =>
        JsonNode.Parse(module["settings"]!["createOptions"]!.ToString())!.AsObject();

    [GeneratedRegex(@"\$\{(?<name>[A-Z][A-Z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
