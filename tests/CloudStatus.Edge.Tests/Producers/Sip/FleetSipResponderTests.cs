using System.Net;
using System.Text;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Fleet;
using CloudStatus.Fleet.Sip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Producers.Sip;

/// <summary>The dev fleet's phones behind one loopback SIP socket, qualified by the edge's real qualifier.</summary>
public sealed class FleetSipResponderTests : IAsyncLifetime
{
    private const string Phone = "srv-01.sw-01.dev-002";
    private readonly FleetModel _fleet = new(FleetNode.QuietSpec, new IntakeFleetOutput(_ => null), _ => "srv-01");
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeTimeProvider _time = new();
    private FleetSipResponder _responder = null!;
    private SipQualifier _qualifier = null!;
    private Task _answering = Task.CompletedTask;
    private Task _receiving = Task.CompletedTask;

    private FleetServer Equipment => _fleet.Servers[0];

    public Task InitializeAsync()
    {
        _responder = new FleetSipResponder(Equipment);
        _answering = _responder.RunAsync(_stop.Token);
        _qualifier = new SipQualifier(_time, NullLogger<SipQualifier>.Instance);
        _qualifier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiving = _qualifier.ReceiveAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_answering, _receiving);
        _responder.Dispose();
        _qualifier.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task Options_PhonesOfTheServer_AnswerByTheirRequestUriUser()
    {
        Assert.Equal(6, Equipment.Phones.Count);
        foreach (var (id, _) in Equipment.Phones)
        {
            Assert.Equal(200, (await QualifyAsync(id)).StatusCode);
        }

        Assert.Equal(6, _responder.Answered);
    }

    [Fact]
    public async Task Options_PhoneSetOfflineThenDegradedThenOnline_Silent503Then200()
    {
        Equipment.SetHealth(Phone, Health.Offline);
        var silent = await QualifyAsync(Phone);
        Equipment.SetHealth(Phone, Health.Degraded);
        var degraded = await QualifyAsync(Phone);
        Equipment.SetHealth(Phone, Health.Online);
        var back = await QualifyAsync(Phone);

        Assert.False(silent.Answered);
        Assert.Equal(503, degraded.StatusCode);
        Assert.Equal(200, back.StatusCode);
        Assert.Equal(200, (await QualifyAsync("srv-01.sw-01.dev-001")).StatusCode);
    }

    [Fact]
    public async Task Options_PhoneBehindARebootingSwitch_Silent()
    {
        await Equipment.RebootAsync("srv-01.sw-01");

        Assert.False((await QualifyAsync(Phone)).Answered);
        Assert.Equal(200, (await QualifyAsync("srv-01.sw-02.dev-001")).StatusCode);
    }

    [Theory]
    [InlineData("srv-01.sw-01.dev-999")] // no such phone
    [InlineData("srv-01.sw-01")] // a switch speaks no SIP
    public async Task Options_NotAPhone_Silent(string user) => Assert.False((await QualifyAsync(user)).Answered);

    [Fact]
    public async Task Datagrams_Malformed_IgnoredAndCounted()
    {
        using var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await udp.SendAsync(Encoding.UTF8.GetBytes("OPTIONS nonsense\r\n\r\n"), _responder.EndPoint);
        await udp.SendAsync(new byte[] { 0, 1, 2 }, _responder.EndPoint);

        await Eventually.TrueAsync(() => _responder.Ignored == 2, "both datagrams were read and ignored");
        Assert.Equal(200, (await QualifyAsync(Phone)).StatusCode);
    }

    private async Task<SipQualifyResult> QualifyAsync(string producerId)
    {
        Assert.True(SipUri.TryParse(_responder.UriOf(producerId), out var uri));
        var ignoredBefore = _responder.Ignored;
        var answeredBefore = _responder.Answered;
        var qualify = _qualifier.QualifyAsync(uri, TimeSpan.FromSeconds(2));

        // Fake time: the OPTIONS is either answered, or read and ignored by the responder, before the clock moves on.
        await Eventually.TrueAsync(() => qualify.IsCompleted || _responder.Ignored > ignoredBefore || _responder.Answered > answeredBefore, "the responder read the OPTIONS");
        await Eventually.TrueAsync(() => qualify.IsCompleted || _responder.Answered == answeredBefore, "an answer, if any, arrived");
        if (!qualify.IsCompleted)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
        }

        return await qualify;
    }
}
