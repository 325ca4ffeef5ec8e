using ArchUnitNET.Fluent;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace CloudStatus.Architecture.Tests;

/// <summary>Shared wording of "the types of namespace A must not use the types of namespaces B…".</summary>
internal static class DependencyDirection
{
    public static void MustNotUse(string from, params string[] forbidden) => Rule(from, forbidden).Check(ProductionCode.Architecture);

    public static IArchRule Rule(string from, params string[] forbidden) =>
        Types().That().ResideInNamespaceMatching(NamespaceAndBelow(from))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(AnyOf(forbidden)))
            .Because($"{from} comes before {string.Join(", ", forbidden)} (see docs/adr/0050-layout-follows-the-pipeline.md)");

    public static void MustNotUseTypesFrom(string from, params string[] forbiddenPrefixes)
    {
        var rule = Types().That().ResideInNamespaceMatching(NamespaceAndBelow(from))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(AnyOf(forbiddenPrefixes)))
            .Because($"{from} is host-agnostic");
        rule.Check(ProductionCode.Architecture);
    }

    private static string NamespaceAndBelow(string ns) => "^" + System.Text.RegularExpressions.Regex.Escape(ns) + @"(\..+)?$";

    private static string AnyOf(string[] namespaces) =>
        "^(" + string.Join("|", namespaces.Select(System.Text.RegularExpressions.Regex.Escape)) + @")(\..+)?$";
}
