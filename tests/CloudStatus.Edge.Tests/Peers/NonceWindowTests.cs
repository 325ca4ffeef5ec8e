using CloudStatus.Edge.Peers;

namespace CloudStatus.Edge.Tests.Peers;

public sealed class NonceWindowTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAdd_SameNonceWithinTwiceTheWindow_Replay()
    {
        var window = new NonceWindow(TimeSpan.FromSeconds(30), 100);

        Assert.Equal(NonceVerdict.Fresh, window.TryAdd("nonce-aaaaaaaaaaaa", Start));
        Assert.Equal(NonceVerdict.Replay, window.TryAdd("nonce-aaaaaaaaaaaa", Start.AddSeconds(59)));
    }

    [Fact]
    public void TryAdd_AfterTwiceTheWindow_ForgottenAndRoomMadeAgain()
    {
        var window = new NonceWindow(TimeSpan.FromSeconds(30), 2);
        window.TryAdd("nonce-aaaaaaaaaaaa", Start);
        window.TryAdd("nonce-bbbbbbbbbbbb", Start);

        var full = window.TryAdd("nonce-cccccccccccc", Start.AddSeconds(1));
        var later = window.TryAdd("nonce-cccccccccccc", Start.AddSeconds(61));

        Assert.Equal((NonceVerdict.Full, NonceVerdict.Fresh), (full, later));
    }
}
