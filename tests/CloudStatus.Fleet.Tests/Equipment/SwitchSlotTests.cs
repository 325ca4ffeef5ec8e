using System.Net;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Fleet.Equipment;
using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests.Equipment;

/// <summary>Switches tell their MAC and IP; an empty management slot answers 404 until a switch is plugged into it.</summary>
public sealed class SwitchSlotTests : IAsyncLifetime
{
    private static readonly FleetSpec Spec = new()
    {
        Servers = 1,
        SwitchesPerServer = 2,
        DevicesPerSwitch = 0,
        ChangeRate = 0,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        ReportInterval = TimeSpan.FromHours(1),
    };

    private readonly FleetModel _model = new(Spec, new RecordingOutput(), i => $"srv-{i + 1:00}");
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SwitchManagementHost _host = null!;

    private FleetServer Server => _model.Servers[0];

    public async Task InitializeAsync() => _host = await SwitchManagementHost.StartAsync(Server, slots: 1);

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Status_BuiltSwitches_TellDistinctMacsAndIps()
    {
        var first = await StatusAsync("srv-01.sw-01");
        var second = await StatusAsync("srv-01.sw-02");

        Assert.Equal(("02:00:00:00:00:01", "10.0.0.1"), (first.GetProperty("mac").GetString(), first.GetProperty("ip").GetString()));
        Assert.Equal(("02:00:00:00:00:02", "10.0.0.2"), (second.GetProperty("mac").GetString(), second.GetProperty("ip").GetString()));
    }

    [Fact]
    public async Task Slot_EmptyThenPlugged_404ThenAnswersWithThePluggedMac()
    {
        const string slot = "srv-01.sw-slot-1";
        Assert.Equal([slot], _host.SlotIds);
        using (var empty = await _client.GetAsync(new Uri(_host.Urls[slot], "status")))
        {
            Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
        }

        Assert.True(Server.Plug(slot, ProducerKind.Switch, "srv-01", "02:aa:bb:cc:dd:01"));

        var status = await StatusAsync(slot);
        Assert.Equal(("02:aa:bb:cc:dd:01", "10.0.0.3"), (status.GetProperty("mac").GetString(), status.GetProperty("ip").GetString()));
    }

    private async Task<JsonElement> StatusAsync(string switchId)
    {
        using var response = await _client.GetAsync(new Uri(_host.Urls[switchId], "status"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
