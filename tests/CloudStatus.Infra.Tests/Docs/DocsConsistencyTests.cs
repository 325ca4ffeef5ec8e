using System.Reflection;
using System.Text.RegularExpressions;
using CloudStatus.Edge;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Functions;
using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Docs;

/// <summary>
/// docs/deploy.md and docs/operations.md name only things that exist: Bicep outputs and parameters, manifest
/// placeholders, app settings and option keys, metric instruments and log event ids of the code.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed partial class DocsConsistencyTests(CompiledInfraFixture infra)
{
    /// <summary>Variables azd itself defines for every environment.</summary>
    private static readonly string[] AzdVariables = ["AZURE_ENV_NAME", "AZURE_SUBSCRIPTION_ID"];

    private static readonly Type[] OptionTypes =
    [
        typeof(CentralStoreOptions), typeof(IngestOptions), typeof(SweepOptions), typeof(ViewOptions),
        typeof(CommandOptions), typeof(DispatchOptions), typeof(AuthOptions), typeof(EdgeNodeOptions), typeof(HealthPollingOptions),
        typeof(ProducerPushAuthOptions), typeof(SipQualifyOptions), typeof(ReachabilityOptions),
        typeof(LeaseOptions), typeof(RegistrationOptions), typeof(FailoverOptions), typeof(CloudStatus.Edge.Peers.PeerLinkOptions), typeof(AddressOptions),
    ];

    public static TheoryData<string> Documents() => new("deploy.md", "operations.md");

    private static string Read(string document) => File.ReadAllText(Path.Combine(RepoPaths.Docs, document));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Variables_Named_AreOutputsParametersPlaceholdersOrSetInTheDocs(string document)
    {
        var text = Read(document);
        var known = new HashSet<string>(infra.Main.Outputs.Select(o => o.Key), StringComparer.Ordinal);
        known.UnionWith(ParameterFileVariable().Matches(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json"))).Select(m => m.Groups["name"].Value));
        known.UnionWith(EdgeManifest.Placeholders);
        known.UnionWith(AzdVariables);
        known.Add(EdgeModuleServiceCollectionExtensions.IotEdgeDeviceIdKey);
        known.UnionWith([
            TelemetrySettings.ApplicationInsightsConnectionString, TelemetrySettings.ApplicationInsightsAuthenticationString,
            TelemetrySettings.OtlpEndpoint, TelemetrySettings.OtlpProtocol,
        ]);
        known.UnionWith(Assignment().Matches(Read("deploy.md")).Select(m => m.Groups["name"].Value));

        var named = EnvironmentName().Matches(text).Select(m => m.Value).Distinct();

        Assert.DoesNotContain(named, name => !known.Contains(name));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Settings_Named_AreAppSettingsOrOptionsOfTheCode(string document)
    {
        var known = new HashSet<string>(infra.Main.AppSettings().Keys, StringComparer.Ordinal);
        known.UnionWith(OptionKeys().Select(Env));
        known.Add(Env(CentralServiceCollectionExtensions.ConsoleTelemetryKey));
        known.Add(Env(EdgeModuleServiceCollectionExtensions.ConsoleTelemetryKey));
        known.Add(Env(TelemetrySettings.ConsoleKey));

        var named = SettingName().Matches(Read(document)).Select(m => Env(m.Value)).Distinct().ToList();
        var entries = NamedEntryOptionKeys().Select(key => Env(key) + "__").ToList();

        Assert.NotEmpty(named);
        Assert.DoesNotContain(named, name => !known.Contains(name) && !entries.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Instruments_Named_AreCreatedByTheCode(string document)
    {
        var code = string.Concat(CodeFiles().Select(File.ReadAllText));

        var named = Instrument().Matches(Read(document)).Select(m => m.Groups["name"].Value).Distinct();

        Assert.DoesNotContain(named, name => !code.Contains($"\"{name}\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Meters_Operations_NameTheCodesMeters()
    {
        var text = Read("operations.md");

        Assert.Contains($"`{CentralMetrics.MeterName}`", text, StringComparison.Ordinal);
        Assert.Contains($"`{EdgeMetrics.MeterName}`", text, StringComparison.Ordinal);
        Assert.True(Instrument().Matches(text).Count >= 10);
    }

    [Fact]
    public void EventIds_Named_AreLoggedByTheCode()
    {
        var logged = CodeFiles().Where(f => Path.GetFileName(f) == "Log.cs")
            .SelectMany(f => LoggedEventId().Matches(File.ReadAllText(f)).Select(m => m.Groups["id"].Value))
            .ToHashSet(StringComparer.Ordinal);

        // operations.md: every number from 1000 to 2999 is an event id; deploy.md: those written "event NNNN".
        var named = FourDigits().Matches(Read("operations.md")).Select(m => m.Value)
            .Where(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) is >= 1000 and < 3000)
            .Concat(EventMention().Matches(Read("deploy.md")).Select(m => m.Groups["id"].Value))
            .Distinct()
            .ToList();

        Assert.True(named.Count >= 10, $"only {named.Count} event ids found in the docs");
        Assert.DoesNotContain(named, id => !logged.Contains(id));
    }

    private static IEnumerable<string> CodeFiles() =>
        RepoPaths.SourceFiles(RepoPaths.Functions, "*.cs").Concat(RepoPaths.SourceFiles(RepoPaths.EdgeModule, "*.cs"))
            .Concat(RepoPaths.SourceFiles(RepoPaths.InRoot("hosting"), "*.cs"));

    private static IEnumerable<string> OptionKeys() =>
        from type in OptionTypes
        let section = (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite
        select $"{section}:{property.Name}";

    /// <summary>Options that hold named entries (a dictionary: <c>…:Equipment:{name}:Url</c>); any key below them is theirs.</summary>
    private static IEnumerable<string> NamedEntryOptionKeys() =>
        from type in OptionTypes
        let section = (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite && property.PropertyType.IsGenericType
            && property.PropertyType.GetInterfaces().Append(property.PropertyType).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
        select $"{section}:{property.Name}";

    private static string Env(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{(?<name>[A-Z][A-Z0-9_]*)")]
    private static partial Regex ParameterFileVariable();

    [GeneratedRegex(@"(?<![A-Za-z0-9_])(?:export\s+)?(?<name>[A-Z][A-Z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"\bCloudStatus(?:__|:)[A-Za-z]+(?:(?:__|:)[A-Za-z]+)*")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"`(?<name>cloudstatus\.[a-z_.]*[a-z])`")]
    private static partial Regex Instrument();

    [GeneratedRegex(@"EventId = (?<id>\d+)")]
    private static partial Regex LoggedEventId();

    [GeneratedRegex(@"(?<![\d,.])\d{4}(?![\d,])")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"event (?<id>\d{4})\b")]
    private static partial Regex EventMention();
}
