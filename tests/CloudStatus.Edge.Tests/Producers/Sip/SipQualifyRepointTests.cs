using System.Net;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Sip;

/// <summary>
/// A phone's IP moved (central's <c>address</c> method, docs/adr/0150): the qualify loop asks the new IP from its next
/// round. Two real SIP UASes on one UDP port, at 127.0.0.1 (the old address) and 127.0.0.2 (the new one).
/// </summary>
public sealed class SipQualifyRepointTests : IAsyncLifetime
{
    private readonly RecordingIntake _intake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SipQualifier _qualifier = new(TimeProvider.System, NullLogger<SipQualifier>.Instance);
    private LoopbackSipUas _moved = null!;
    private LoopbackSipUas _old = null!;
    private Task _receiving = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _moved = new LoopbackSipUas(IPAddress.Parse("127.0.0.2"));
        _old = new LoopbackSipUas(IPAddress.Loopback, _moved.EndPoint.Port);
        _qualifier.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiving = _qualifier.ReceiveAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _qualifier.Dispose();
        _stop.Dispose();
        await _old.DisposeAsync();
        await _moved.DisposeAsync();
    }

    [Fact]
    public async Task Repoint_FromTheIpItQualifies_NextRoundAsksTheNewIpWithUserAndPortKept()
    {
        _moved.Answer = _ => 503;
        var service = Service(_old.Uri("phone-1"), "sip:other@127.0.0.3:5070");
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, service.Repoint("srv-01.phone-1", "127.0.0.9", "127.0.0.2"));
        Assert.Equal(1, service.Repoint("srv-01.phone-1", "127.0.0.1", "127.0.0.2"));
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Single(_old.Requests);
        var asked = Assert.Single(_moved.Requests).Request;
        Assert.StartsWith($"OPTIONS sip:phone-1@127.0.0.2:{_moved.EndPoint.Port} ", asked, StringComparison.Ordinal);
        var phone = _intake.Observations.Where(o => o.ProducerId == "srv-01.phone-1").Select(o => o.Health);
        Assert.Equal([Health.Online, Health.Degraded], phone); // the 503 came from the new address
    }

    [Fact]
    public void Repoint_SameMoveTwice_SecondFindsNothingAtTheOldIp()
    {
        var service = Service(_old.Uri("phone-1"));

        Assert.Equal(1, service.Repoint("srv-01.phone-1", "127.0.0.1", "127.0.0.2"));
        Assert.Equal(0, service.Repoint("srv-01.phone-1", "127.0.0.1", "127.0.0.2"));
    }

    [Fact]
    public async Task Repoint_AnotherPhoneAtTheSameIp_KeepsBeingAskedThere()
    {
        var service = Service(_old.Uri("phone-1"), _old.Uri("phone-2"));

        Assert.Equal(1, service.Repoint("srv-01.phone-x1", "127.0.0.1", "127.0.0.2"));
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Contains(_old.Requests, r => r.Request.StartsWith("OPTIONS sip:phone-1@127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(_moved.Requests, r => r.Request.StartsWith("OPTIONS sip:phone-2@127.0.0.2:", StringComparison.Ordinal));
    }

    private SipQualifyService Service(params string[] uris)
    {
        var options = new SipQualifyOptions
        {
            Interval = TimeSpan.FromSeconds(10),
            Timeout = TimeSpan.FromMilliseconds(1500),
            MaxRequestsPerSecond = 1000,
            Targets = [.. uris.Select((uri, i) => new SipQualifyTarget
            {
                ProducerId = i == 0 ? "srv-01.phone-1" : $"srv-01.phone-x{i}",
                Kind = ProducerKind.Device,
                ParentId = "srv-01",
                Uri = uri,
            })],
        };
        Assert.Empty(options.Validate());
        return new SipQualifyService(_qualifier, _intake, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System,
            NullLogger<SipQualifyService>.Instance, new LoopHeartbeats(TimeProvider.System));
    }
}
