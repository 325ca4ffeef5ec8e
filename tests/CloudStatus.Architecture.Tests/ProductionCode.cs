using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace CloudStatus.Architecture.Tests;

/// <summary>The shipped assemblies (and the dev host and fleet model that compose them), loaded once for every rule.</summary>
internal static class ProductionCode
{
    public static readonly System.Reflection.Assembly[] Assemblies =
    [
        typeof(Core.Wire.StatusBatch).Assembly,
        typeof(Hosting.Loops.LoopTick).Assembly,
        typeof(Edge.Hosting.EdgeNode).Assembly,
        typeof(Functions.Hosting.CentralServiceCollectionExtensions).Assembly,
        typeof(Fleet.FleetModel).Assembly,
        System.Reflection.Assembly.Load("CloudStatus.Dev"), // all internal: an application, not a library
    ];

    public static readonly ArchUnitNET.Domain.Architecture Architecture = new ArchLoader().LoadAssemblies(Assemblies).Build();
}
