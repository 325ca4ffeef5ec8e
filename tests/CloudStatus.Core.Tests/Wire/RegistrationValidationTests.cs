using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

public sealed class RegistrationValidationTests
{
    private static readonly ServerRegistration Good = new()
    {
        SoftwareVersion = "1.2.3",
        Adapters = ["http"],
        ProducerKinds = ["switch"],
        Subtrees = ["srv-01"],
        FailoverPeer = "srv-02",
        LanAddress = "10.0.0.1:7443",
    };

    private static StatusBatch With(ServerRegistration registration) => Batches.Batch(5, 9, []) with { Registration = registration };

    [Fact]
    public void Validate_WellFormedRegistration_Null() => Assert.Null(BatchValidation.Validate(With(Good)));

    [Theory]
    [InlineData("version", "softwareVersion")]
    [InlineData("adapter", "adapters")]
    [InlineData("subtree", "subtrees")]
    [InlineData("peerSelf", "failoverPeer")]
    [InlineData("peerBad", "failoverPeer")]
    [InlineData("lan", "lanAddress")]
    public void Validate_BrokenRegistration_NamesTheField(string rule, string field)
    {
        var broken = rule switch
        {
            "version" => Good with { SoftwareVersion = "" },
            "adapter" => Good with { Adapters = [new string('a', 65)] },
            "subtree" => Good with { Subtrees = ["srv 01"] },
            "peerSelf" => Good with { FailoverPeer = "srv-01" },
            "peerBad" => Good with { FailoverPeer = "srv#2" },
            _ => Good with { LanAddress = "10.0.0.1 7443" },
        };

        Assert.Contains(field, BatchValidation.Validate(With(broken)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FenceNotPositive_Refused() =>
        Assert.Contains("fence", BatchValidation.Validate(Batches.Batch(5, 9, []) with { Fence = 0 }), StringComparison.Ordinal);

    [Theory]
    [InlineData("srv-01", 0L, "positive fencing token")]
    [InlineData("bad id", 2L, "valid server id")]
    public void Validate_FencesEntryBroken_Refused(string primary, long token, string expected) =>
        Assert.Contains(expected, BatchValidation.Validate(Batches.Batch(5, 9, []) with { Fences = new Dictionary<string, long> { [primary] = token } }), StringComparison.Ordinal);

    [Fact]
    public void Validate_FenceAndOwnFencesEntryDisagree_Refused()
    {
        var batch = Batches.Batch(5, 9, []);

        Assert.Contains("disagree", BatchValidation.Validate(batch with { Fence = 1, Fences = new Dictionary<string, long> { [batch.ServerId] = 2 } }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OwnAndTakenOverFences_Valid()
    {
        var batch = Batches.Batch(5, 9, []);

        Assert.Null(BatchValidation.Validate(batch with { Fence = 1, Fences = new Dictionary<string, long> { [batch.ServerId] = 1, ["srv-other"] = 4 } }));
    }
}
