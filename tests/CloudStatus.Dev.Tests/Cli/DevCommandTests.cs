using CloudStatus.Dev.Cli;

namespace CloudStatus.Dev.Tests.Cli;

public sealed class DevCommandTests
{
    [Fact]
    public async Task Parse_NoArguments_UsesTheDocumentedDefaults()
    {
        var seen = await RunAsync();

        Assert.NotNull(seen);
        Assert.Equal("http://127.0.0.1:7071", seen.Urls);
        Assert.Equal((3, 8, 24), (seen.Servers, seen.Switches, seen.Devices));
        Assert.Equal(TimeSpan.FromSeconds(30), seen.Period);
        Assert.Equal(TimeSpan.FromMinutes(2), seen.HeartbeatTimeout);
        Assert.Equal(0.02, seen.ChangeRate);
        Assert.Null(seen.DevToken);
        Assert.False(seen.Pairs);
    }

    [Fact]
    public async Task Parse_Pairs_TurnsDuplexedPairsOn() => Assert.True((await RunAsync("--pairs"))!.Pairs);

    [Fact]
    public async Task Parse_Durations_AcceptUnits()
    {
        var seen = await RunAsync("--period", "500ms", "--heartbeat-timeout", "1m", "--change-rate", "0");

        Assert.Equal(TimeSpan.FromMilliseconds(500), seen!.Period);
        Assert.Equal(TimeSpan.FromMinutes(1), seen.HeartbeatTimeout);
        Assert.Equal(0, seen.ChangeRate);
    }

    [Theory]
    [InlineData("--period", "5x")]
    [InlineData("--period", "0s")]
    [InlineData("--change-rate", "1.5")]
    [InlineData("--servers", "0")]
    public async Task Parse_BadValue_FailsWithoutStarting(string option, string value)
    {
        var seen = await RunAsync(option, value);

        Assert.Null(seen);
    }

    private static async Task<DevStackOptions?> RunAsync(params string[] args)
    {
        DevStackOptions? seen = null;
        var result = DevCommand.Create((options, _) =>
        {
            seen = options;
            return Task.FromResult(0);
        }).Parse(args);
        var exit = await result.InvokeAsync(new System.CommandLine.InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null });
        Assert.Equal(seen is null ? 1 : 0, exit);
        return seen;
    }
}
