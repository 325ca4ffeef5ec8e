using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Producers.Supervision;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;

namespace CloudStatus.Edge.Twin;

/// <summary>
/// Maps the module twin's desired properties onto <see cref="EdgeNodeOptions"/> and the options back to JSON. Names are
/// the options' property names in camelCase (<c>rules</c> and <c>chatter</c> are nested objects); durations are
/// <see cref="TimeSpan"/> strings (<c>"00:00:30"</c>). Identity and data directory are deployment settings,
/// not twin settings.
/// </summary>
internal static class TwinConfiguration
{
    public static readonly IReadOnlyList<TwinSetting> Settings =
    [
        TwinSetting.Duration("period", o => o.Period, (o, v) => o.Period = v),
        TwinSetting.Duration("heartbeatInterval", o => o.EffectiveHeartbeatInterval, (o, v) => o.HeartbeatInterval = v),
        TwinSetting.Flag("gzip", o => o.Gzip, (o, v) => o.Gzip = v),
        TwinSetting.Duration("tombstoneRetention", o => o.TombstoneRetention, (o, v) => o.TombstoneRetention = v),
        TwinSetting.Duration("silenceCheckInterval", o => o.SilenceCheckInterval, (o, v) => o.SilenceCheckInterval = v),
        TwinSetting.Duration("retryInitialDelay", o => o.RetryInitialDelay, (o, v) => o.RetryInitialDelay = v),
        TwinSetting.Flag("rules.reboot", o => o.Rules.Reboot, (o, v) => o.Rules.Reboot = v),
        TwinSetting.Flag("rules.add", o => o.Rules.Add, (o, v) => o.Rules.Add = v),
        TwinSetting.Flag("rules.delete", o => o.Rules.Delete, (o, v) => o.Rules.Delete = v),
        TwinSetting.Flag("rules.healthChange", o => o.Rules.HealthChange, (o, v) => o.Rules.HealthChange = v),
        TwinSetting.Kinds("rules.healthChangeKinds", o => o.Rules.EffectiveHealthChangeKinds, (o, v) => o.Rules.HealthChangeKinds = v),
        TwinSetting.Kinds("rules.flappingKinds", o => o.Rules.EffectiveFlappingKinds, (o, v) => o.Rules.FlappingKinds = v),
        TwinSetting.Flag("rules.silent", o => o.Rules.Silent, (o, v) => o.Rules.Silent = v),
        TwinSetting.Duration("rules.silenceTimeout", o => o.Rules.SilenceTimeout, (o, v) => o.Rules.SilenceTimeout = v),
        TwinSetting.Kinds("rules.silentKinds", o => o.Rules.EffectiveSilentKinds, (o, v) => o.Rules.SilentKinds = v),
        TwinSetting.Flag("rules.flapping", o => o.Rules.Flapping, (o, v) => o.Rules.Flapping = v),
        TwinSetting.Flag("rules.identityChange", o => o.Rules.IdentityChange, (o, v) => o.Rules.IdentityChange = v),
        TwinSetting.Duration("chatter.window", o => o.Chatter.Window, (o, v) => o.Chatter.Window = v),
        TwinSetting.Count("chatter.threshold", o => o.Chatter.Threshold, (o, v) => o.Chatter.Threshold = v),
    ];

    /// <summary>The twin section of the equipment reached through producer adapters.</summary>
    public const string EquipmentSection = "equipment";

    private static readonly Dictionary<string, TwinSetting> ByPath = Settings.ToDictionary(s => s.Path, StringComparer.Ordinal);
    private static readonly HashSet<string> Sections = [.. Settings.Where(s => s.Path.Contains('.', StringComparison.Ordinal)).Select(s => s.Path.Split('.')[0])];

    /// <summary>
    /// The options that <paramref name="desired"/> makes of <paramref name="baseOptions"/> (configuration), with every
    /// problem as a sentence naming the twin property: unknown names, wrong types, values the options reject. The
    /// result is only usable when the error list is empty.
    /// </summary>
    public static IReadOnlyList<string> Apply(EdgeNodeOptions baseOptions, JsonObject desired, out EdgeNodeOptions effective)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        ArgumentNullException.ThrowIfNull(desired);
        effective = baseOptions.Clone();
        var errors = new List<string>();
        foreach (var (name, value) in desired)
        {
            if (name == EquipmentSection)
            {
                ApplyEquipment(value, effective, errors);
            }
            else if (name == SupervisionPlan.Section)
            {
                ApplySupervision(value, effective, errors);
            }
            else if (Sections.Contains(name))
            {
                if (value is not JsonObject section)
                {
                    errors.Add($"{name}: must be an object.");
                    continue;
                }

                foreach (var (child, childValue) in section)
                {
                    ApplyOne($"{name}.{child}", childValue, effective, errors);
                }
            }
            else
            {
                ApplyOne(name, value, effective, errors);
            }
        }

        if (errors.Count == 0)
        {
            errors.AddRange(effective.Validate());
        }

        return errors;
    }

    /// <summary>The tunables of <paramref name="options"/> in the twin's shape (what the module reports as effective).</summary>
    public static JsonObject Describe(EdgeNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new JsonObject();
        foreach (var setting in Settings)
        {
            var path = setting.Path.Split('.');
            var parent = result;
            if (path.Length == 2)
            {
                parent = result[path[0]] as JsonObject ?? (JsonObject)(result[path[0]] = new JsonObject());
            }

            parent[path[^1]] = setting.Describe(options);
        }

        var equipment = new JsonObject();
        foreach (var (name, entry) in options.Equipment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            equipment[name] = JsonSerializer.SerializeToNode(entry, EquipmentJsonContext.Default.EquipmentOptions);
        }

        result[EquipmentSection] = equipment;
        result[SupervisionPlan.Section] = JsonSerializer.SerializeToNode(options.Supervision, SupervisionJsonContext.Default.SupervisionOptions);
        return result;
    }

    /// <summary>
    /// The twin's <c>equipment</c> object replaces the configured equipment as a whole: each member an entry (camelCase
    /// <see cref="EquipmentOptions"/>, unknown members refused); any error refuses the whole document.
    /// </summary>
    private static void ApplyEquipment(JsonNode? value, EdgeNodeOptions effective, List<string> errors)
    {
        if (value is not JsonObject section)
        {
            errors.Add($"{EquipmentSection}: must be an object of equipment entries by name.");
            return;
        }

        var equipment = new Dictionary<string, EquipmentOptions>(StringComparer.Ordinal);
        foreach (var (name, entry) in section)
        {
            if (entry is not JsonObject)
            {
                errors.Add($"{EquipmentSection}.{name}: must be an object.");
                continue;
            }

            try
            {
                equipment[name] = entry.Deserialize(EquipmentJsonContext.Default.EquipmentOptions)!;
            }
            catch (JsonException ex)
            {
                errors.Add($"{EquipmentSection}.{name}: {ex.Message}");
            }
        }

        effective.Equipment = equipment;
    }

    /// <summary>
    /// The twin's <c>supervision</c> object replaces the configured supervision as a whole (camelCase
    /// <see cref="SupervisionOptions"/>, unknown members refused); a cycle or any other error refuses the whole document.
    /// </summary>
    private static void ApplySupervision(JsonNode? value, EdgeNodeOptions effective, List<string> errors)
    {
        if (value is not JsonObject section)
        {
            errors.Add($"{SupervisionPlan.Section}: must be an object with groups and processes.");
            return;
        }

        try
        {
            effective.Supervision = section.Deserialize(SupervisionJsonContext.Default.SupervisionOptions)!;
        }
        catch (JsonException ex)
        {
            errors.Add($"{SupervisionPlan.Section}: {ex.Message}");
        }
    }

    private static void ApplyOne(string path, JsonNode? value, EdgeNodeOptions effective, List<string> errors)
    {
        if (!ByPath.TryGetValue(path, out var setting))
        {
            errors.Add($"{path}: not a setting of this module (known: {string.Join(", ", ByPath.Keys)}).");
        }
        else if (value is null)
        {
            errors.Add($"{path}: null is not a value (remove the property to fall back to the module's configuration).");
        }
        else if (setting.Apply(value, effective) is { } error)
        {
            errors.Add(error);
        }
    }
}
