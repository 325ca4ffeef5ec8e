using System.Text.Json.Nodes;

namespace CloudStatus.Infra.Tests.Support;

/// <summary>Lookups over the compiled template that several test classes share.</summary>
internal static class InfraQueries
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    public const string CosmosRoleAssignmentType = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";

    public static ArmResource Single(this ArmTemplate main, string type) =>
        main.AllResources.Single(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The Function App's app settings, by name (each value as far as it can be followed).</summary>
    public static IReadOnlyDictionary<string, ArmValue> AppSettings(this ArmTemplate main)
    {
        var site = main.Single("Microsoft.Web/sites");
        var settings = site.Properties?["siteConfig"]?["appSettings"]?.AsArray()
            ?? throw new InvalidOperationException("The Function App has no siteConfig.appSettings.");
        return settings.ToDictionary(s => s!["name"]!.ToString(), s => site.Resolve(s!["value"]), StringComparer.Ordinal);
    }

    /// <summary>Every Azure RBAC and Cosmos data-plane grant: who (traced origin), which role GUIDs, on what.</summary>
    public static IReadOnlyList<Grant> Grants(this ArmTemplate main) =>
        [.. main.AllResources
            .Where(r => r.Type is RoleAssignmentType or CosmosRoleAssignmentType)
            .Select(r => new Grant(
                Principal: r.Resolve(r.Properties?["principalId"]).Origin ?? "?",
                Roles: r.Owner.GuidsIn(r.Properties?["roleDefinitionId"]),
                Scope: r.Type == CosmosRoleAssignmentType
                    ? r.Properties?["scope"]?.ToString() ?? string.Empty
                    : r.Json["scope"]?.ToString() ?? string.Empty,
                Conditional: r.Json["condition"] is not null,
                PrincipalType: r.Properties?["principalType"] is JsonValue type ? type.ToString() : null))];
}

/// <summary>One role assignment as the tests see it.</summary>
internal sealed record Grant(string Principal, IReadOnlySet<string> Roles, string Scope, bool Conditional, string? PrincipalType);
