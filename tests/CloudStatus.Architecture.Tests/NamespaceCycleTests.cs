using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.xUnit;

namespace CloudStatus.Architecture.Tests;

public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData("CloudStatus.Core")]
    [InlineData("CloudStatus.Hosting")]
    [InlineData("CloudStatus.Edge")]
    [InlineData("CloudStatus.Functions")]
    [InlineData("CloudStatus.Fleet")]
    [InlineData("CloudStatus.Dev")]
    public void Namespaces_OfEachProject_AreFreeOfCycles(string project) =>
        SliceRuleDefinition.Slices().Matching(project + ".(**)").Should().BeFreeOfCycles().Check(ProductionCode.Architecture);

    [Theory]
    [InlineData("CloudStatus.Edge")]
    [InlineData("CloudStatus.Functions")]
    public void Slices_OfADeployable_SeeItsNamespacesDependencies(string project) =>
        // Guards the cycle rule against matching nothing: a deployable's namespaces do use one another.
        Assert.False(SliceRuleDefinition.Slices().Matching(project + ".(**)").Should().NotDependOnEachOther()
            .HasNoViolations(ProductionCode.Architecture));

    [Fact]
    public void CycleRule_OnTwoNamespacesThatUseEachOther_Fails()
    {
        var fixture = new ArchUnitNET.Loader.ArchLoader().LoadAssemblies(typeof(NamespaceCycleTests).Assembly).Build();
        var rule = SliceRuleDefinition.Slices().Matching("CloudStatus.Architecture.Tests.Fixtures.(**)").Should().BeFreeOfCycles();
        Assert.False(rule.HasNoViolations(fixture));
    }
}
