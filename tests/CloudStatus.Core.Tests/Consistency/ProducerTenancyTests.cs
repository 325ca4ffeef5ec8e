using CloudStatus.Core.Consistency;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Consistency;

public sealed class ProducerTenancyTests
{
    [Fact]
    public void TenantOf_ProcessWithTenantGroup_IsTheGroupsTenant() =>
        Assert.Equal("tenant-b", ProducerTenancy.TenantOf(Record(ProducerKind.Process, """{"group":"acd","tenant":"tenant-b"}"""), null, "tenant-a"));

    [Fact]
    public void TenantOf_SwitchDeclaringATenant_IsTheServersTenant() =>
        Assert.Equal("tenant-a", ProducerTenancy.TenantOf(Record(ProducerKind.Switch, """{"tenant":"tenant-b"}"""), null, "tenant-a"));

    [Fact]
    public void TenantOf_ProcessTombstone_KeepsItsPreviousTenant() =>
        Assert.Equal("tenant-b", ProducerTenancy.TenantOf(Record(ProducerKind.Process, null), "tenant-b", "tenant-a"));

    [Theory]
    [InlineData("""{"tenant":"bad tenant"}""")]
    [InlineData("""{"tenant":42}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"group":"g"}""")]
    public void TenantOf_ProcessWithoutAValidTenant_IsTheServersTenant(string state) =>
        Assert.Equal("tenant-a", ProducerTenancy.TenantOf(Record(ProducerKind.Process, state), null, "tenant-a"));

    private static StatusRecord Record(string kind, string? state) => new()
    {
        ProducerId = "srv-01.process.acd",
        Kind = kind,
        Seq = 1,
        LocalTimestamp = DateTimeOffset.UnixEpoch,
        State = state,
    };
}
