namespace CloudStatus.Architecture.Tests;

/// <summary>Core is pure; the deployables stay apart; the simulated fleet and the dev host never ship.</summary>
public sealed class HostAgnosticTests
{
    [Fact]
    public void Core_UsesNoHostNoCloudSdkAndNoDeployable() =>
        DependencyDirection.MustNotUseTypesFrom("CloudStatus.Core",
            "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection", "Azure", "Microsoft.Azure",
            "MQTTnet", "Microsoft.Data.Sqlite", "CloudStatus.Hosting", "CloudStatus.Edge", "CloudStatus.Functions", "CloudStatus.Fleet", "CloudStatus.Dev");

    [Fact]
    public void Deployables_DoNotUseEachOther()
    {
        DependencyDirection.MustNotUse("CloudStatus.Edge", "CloudStatus.Functions", "CloudStatus.Fleet", "CloudStatus.Dev");
        DependencyDirection.MustNotUse("CloudStatus.Functions", "CloudStatus.Edge", "CloudStatus.Fleet", "CloudStatus.Dev");
        DependencyDirection.MustNotUse("CloudStatus.Hosting", "CloudStatus.Edge", "CloudStatus.Functions", "CloudStatus.Fleet", "CloudStatus.Dev");
    }

    [Fact]
    public void FleetModel_IsEquipmentNotAHost() =>
        DependencyDirection.MustNotUse("CloudStatus.Fleet", "CloudStatus.Functions", "CloudStatus.Dev");

    [Theory]
    [InlineData("CloudStatus.Core")]
    [InlineData("CloudStatus.Hosting")]
    [InlineData("CloudStatus.Edge")]
    [InlineData("CloudStatus.Functions")]
    [InlineData("CloudStatus.Fleet")]
    public void InternalsOfAShippedAssembly_AreVisibleToTestProjectsOnly(string assemblyName)
    {
        var assembly = ProductionCode.Assemblies.Single(a => a.GetName().Name == assemblyName);
        var friends = assembly.GetCustomAttributes(typeof(System.Runtime.CompilerServices.InternalsVisibleToAttribute), inherit: false)
            .Cast<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName);
        Assert.All(friends, name => Assert.EndsWith(".Tests", name, StringComparison.Ordinal));
    }
}
