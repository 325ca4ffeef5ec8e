using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using CloudStatus.Core.Commands;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Edge;

/// <summary>
/// The module twin's desired properties in the manifest are the module's own defaults: every key is an option of
/// <see cref="EdgeNodeOptions"/> in camelCase (nested objects for nested options) and every value equals the default
/// a fresh options object has, so deploying the manifest changes nothing until an operator edits the twin.
/// </summary>
public sealed class ModuleTwinDefaultsTests
{
    private static readonly JsonObject Twin =
        EdgeManifest.Desired(EdgeManifest.Load(DeploymentManifestTests.Values), DirectMethodNames.DefaultModuleId);

    [Fact]
    public void Twin_EveryProperty_IsAnOptionWithItsDefaultValue()
    {
        var mismatches = new List<string>();

        Compare(Twin, new EdgeNodeOptions(), string.Empty, mismatches);

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Twin_TunableOptions_ArePresent()
    {
        Assert.Equal(new EdgeNodeOptions().Period, TimeSpan.Parse(Twin[Camel(nameof(EdgeNodeOptions.Period))]!.ToString(), CultureInfo.InvariantCulture));
        Assert.NotNull(Twin[Camel(nameof(EdgeNodeOptions.Rules))]);
        Assert.NotNull(Twin[Camel(nameof(EdgeNodeOptions.Chatter))]);
        Assert.NotNull(Twin[Camel(nameof(EdgeNodeOptions.Gzip))]);
    }

    [Fact]
    public void Twin_IdentityAndStorage_AreNotTwinSettings()
    {
        // Who the server is and where its heap lives are fixed per device (environment, volume), not tunable.
        foreach (var name in new[] { nameof(EdgeNodeOptions.TenantId), nameof(EdgeNodeOptions.SiteId), nameof(EdgeNodeOptions.ServerId), nameof(EdgeNodeOptions.DataDirectory), "Simulator" })
        {
            Assert.Null(Twin[Camel(name)]);
        }
    }

    [Fact]
    public void Compare_ValueDifferentFromDefault_IsReported()
    {
        var twin = new JsonObject { ["period"] = "00:00:31", ["rules"] = new JsonObject { ["flapping"] = false }, ["nope"] = 1 };
        var mismatches = new List<string>();

        Compare(twin, new EdgeNodeOptions(), string.Empty, mismatches);

        Assert.Equal(3, mismatches.Count);
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static void Compare(JsonObject twin, object defaults, string path, List<string> mismatches)
    {
        foreach (var (key, value) in twin)
        {
            var property = defaults.GetType().GetProperty(char.ToUpperInvariant(key[0]) + key[1..], BindingFlags.Public | BindingFlags.Instance);
            if (property is not { CanWrite: true } || key != Camel(property.Name))
            {
                mismatches.Add($"{path}{key}: not a settable option of {defaults.GetType().Name} (or not camelCase)");
                continue;
            }

            var expected = property.GetValue(defaults);
            if (value is JsonObject nested)
            {
                if (expected is null)
                {
                    mismatches.Add($"{path}{key}: the default is null, the twin sets an object");
                }
                else
                {
                    Compare(nested, expected, $"{path}{key}.", mismatches);
                }

                continue;
            }

            var actual = Convert(value, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            if (!Equals(expected, actual))
            {
                mismatches.Add($"{path}{key}: twin {actual}, default {expected}");
            }
        }
    }

    private static object? Convert(JsonNode? value, Type type) => value switch
    {
        null => null,
        _ when type == typeof(TimeSpan) => TimeSpan.Parse(value.ToString(), CultureInfo.InvariantCulture),
        _ when type == typeof(bool) => value.GetValue<bool>(),
        _ when type == typeof(int) => value.GetValue<int>(),
        _ when type == typeof(string) => value.ToString(),
        _ => throw new InvalidOperationException($"No conversion to {type} for twin values."),
    };
}
