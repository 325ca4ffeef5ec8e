using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0, 0.0, 1000)]
    [InlineData(0, 0.99, 1000)]
    [InlineData(3, 0.0, 4000)]
    [InlineData(3, 1.0, 8000)]
    [InlineData(10, 0.0, 30000)]
    [InlineData(10, 1.0, 60000)]
    [InlineData(1000, 0.5, 45000)]
    public void Delay_ExponentialWithJitter_BetweenHalfAndCeiling(int attempt, double jitter, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ReconnectBackoff.Delay(attempt, Min, Max, jitter));
    }

    [Fact]
    public void Delay_AllAttempts_StayWithinMinAndMax()
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var delay = ReconnectBackoff.Delay(attempt, Min, Max, Random.Shared.NextDouble());
            Assert.InRange(delay, Min, Max);
        }
    }
}
