using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudStatus.Infra.Tests.Support;

/// <summary>
/// A compiled ARM template (main.json or a module's nested template) with just enough expression evaluation to
/// follow the wiring: <c>parameters('x')</c> to the value the parent passes (or the default),
/// <c>variables('x').y</c> to the variable, and <c>reference('module').outputs.x.value</c> into the module's output.
/// Anything else stays an opaque expression.
/// </summary>
internal sealed partial class ArmTemplate
{
    private readonly ArmTemplate? _parent;
    private readonly JsonObject? _deployment;

    private ArmTemplate(string name, JsonObject root, ArmTemplate? parent, JsonObject? deployment)
    {
        Name = name;
        Root = root;
        _parent = parent;
        _deployment = deployment;
    }

    /// <summary>"main", or the module's symbolic name in its parent.</summary>
    public string Name { get; }

    public JsonObject Root { get; }

    public static ArmTemplate Parse(string json) =>
        new("main", JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("Empty template."), null, null);

    /// <summary>This template's own resources (module deployments included), with their symbolic names when it has them.</summary>
    public IEnumerable<ArmResource> Resources => Root["resources"] switch
    {
        JsonObject byName => byName.Select(p => new ArmResource(p.Key, p.Value!.AsObject(), this)),
        JsonArray list => list.Select(r => new ArmResource(null, r!.AsObject(), this)),
        _ => [],
    };

    /// <summary>Resources of this template and of every module below it, depth first.</summary>
    public IEnumerable<ArmResource> AllResources =>
        Resources.SelectMany(r => r.Type == "Microsoft.Resources/deployments"
            ? [r, .. Module(r).AllResources]
            : new[] { r });

    public IEnumerable<ArmTemplate> Modules =>
        Resources.Where(r => r.Type == "Microsoft.Resources/deployments").Select(Module);

    public ArmTemplate Module(string symbolicName) =>
        Module(Resources.SingleOrDefault(r => r.SymbolicName == symbolicName)
            ?? throw new InvalidOperationException($"{Name} has no module '{symbolicName}'."));

    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? [];

    /// <summary>The value an output evaluates to, as far as it can be followed.</summary>
    public ArmValue Output(string name) =>
        Resolve(Outputs[name]?["value"] ?? throw new InvalidOperationException($"{Name} has no output '{name}'."));

    /// <summary>Follows <paramref name="node"/> through parameters, variables and module outputs.</summary>
    public ArmValue Resolve(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || !IsExpression(text))
        {
            return ArmValue.Of(node);
        }

        var expression = text[1..^1];
        if (ParameterReference().Match(expression) is { Success: true } parameter)
        {
            return ResolveParameter(parameter.Groups["name"].Value, expression);
        }

        if (VariableReference().Match(expression) is { Success: true } variable)
        {
            var current = Root["variables"]?[variable.Groups["name"].Value];
            foreach (var property in variable.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                current = Resolve(current).Literal?[property];
            }

            return current is null ? ArmValue.Opaque(expression) : Resolve(current);
        }

        if (ModuleOutputReference().Match(expression) is { Success: true } output)
        {
            var module = Module(output.Groups["module"].Value);
            var outputName = output.Groups["output"].Value;
            var resolved = module.Output(outputName);
            return resolved.Literal is null && resolved.Origin is null
                ? new ArmValue(null, $"{module.Name}.{outputName}", expression)
                : resolved;
        }

        return ArmValue.Opaque(expression);
    }

    /// <summary>Every role or data-role GUID an expression names, directly or through variables (arrays included).</summary>
    public IReadOnlySet<string> GuidsIn(JsonNode? node)
    {
        var guids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(node);
        return guids;

        void Collect(JsonNode? current)
        {
            switch (current)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Collect(item);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    foreach (Match guid in GuidPattern().Matches(text))
                    {
                        guids.Add(guid.Value);
                    }

                    if (IsExpression(text))
                    {
                        foreach (Match reference in VariableUse().Matches(text))
                        {
                            var resolved = Resolve(JsonValue.Create($"[{reference.Groups["reference"].Value}]"));
                            Collect(resolved.Literal);
                        }
                    }

                    break;
            }
        }
    }

    private static bool IsExpression(string text) => text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']');

    private ArmTemplate Module(ArmResource deployment) =>
        new(deployment.SymbolicName ?? deployment.Json["name"]!.ToString(),
            deployment.Json["properties"]!["template"]!.AsObject(),
            this,
            deployment.Json);

    private ArmValue ResolveParameter(string name, string expression)
    {
        switch (_deployment?["properties"]?["parameters"]?[name])
        {
            case JsonObject passed when _parent is not null:
                return _parent.Resolve(passed["value"]);
            case JsonValue computed:
                // A conditional value compiles to one expression that yields the whole {value: ...} object.
                return new ArmValue(null, $"{Name}.parameters.{name}", computed.ToString());
        }

        // Not passed in: the declared default, if any, traced to this template's parameter.
        var fallback = Root["parameters"]?[name]?["defaultValue"];
        return new ArmValue(fallback is null ? null : Resolve(fallback).Literal, $"{Name}.parameters.{name}", expression);
    }

    [GeneratedRegex(@"^parameters\('(?<name>[^']+)'\)$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^variables\('(?<name>[^']+)'\)(?<path>(\.\w+)*)$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"(?<reference>variables\('[^']+'\)(\.\w+)*)")]
    private static partial Regex VariableUse();

    [GeneratedRegex(@"^reference\('(?<module>[^']+)'(,[^)]*)?\)\.outputs\.(?<output>\w+)\.value$")]
    private static partial Regex ModuleOutputReference();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();
}

/// <summary>One resource of a template, with the template that declares it (for resolving its expressions).</summary>
internal sealed record ArmResource(string? SymbolicName, JsonObject Json, ArmTemplate Owner)
{
    public string Type => Json["type"]!.ToString();

    public JsonNode? Properties => Json["properties"];

    public ArmValue Resolve(JsonNode? node) => Owner.Resolve(node);
}

/// <summary>
/// What an expression comes to: a <see cref="Literal"/> when it can be followed to one; otherwise the
/// <see cref="Origin"/> it was traced to (<c>module.output</c> or <c>template.parameters.name</c>) if any, and the
/// <see cref="Expression"/> it stopped at.
/// </summary>
internal sealed record ArmValue(JsonNode? Literal, string? Origin, string? Expression)
{
    public static ArmValue Of(JsonNode? node) => new(node, null, null);

    public static ArmValue Opaque(string expression) => new(null, null, expression);

    public string? Text => Literal is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
