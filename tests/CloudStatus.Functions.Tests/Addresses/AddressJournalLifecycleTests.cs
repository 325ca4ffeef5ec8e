using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Addresses;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// docs/adr/0150 in central, site-1 with policy auto and a real router endpoint on loopback: a readdress and an
/// address move are told to the site's servers and the duplexed peer as <c>address</c> commands through the command
/// store and the dispatch queue; an add's match is journaled at submission; a deleted producer gives its addresses
/// back; a duplicate MAC is left to an operator with why. The hub is the fake one (no edge runs here).
/// </summary>
public sealed class AddressJournalLifecycleTests : IAsyncLifetime
{
    private RouterStub _router = null!;
    private ApiHost _host = null!;

    private IAddressStore Store => _host.Services.GetRequiredService<IAddressStore>();

    public async Task InitializeAsync()
    {
        _router = await RouterStub.StartAsync();
        _host = await StartHostAsync(reconcileLoop: false);
    }

    /// <summary>Every test but one drives the reconcile passes itself: a running loop would race them (safely, but a
    /// pass the test ran could then have lost its commit to the loop's, still finishing when the test looks).</summary>
    private Task<ApiHost> StartHostAsync(bool reconcileLoop) => ApiHost.StartAsync(
        settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Addresses:Sites:site-1:Subnets:0"] = "10.1.0.0/16",
            ["CloudStatus:Central:Addresses:Sites:site-1:Policy"] = "auto",
            ["CloudStatus:Central:Addresses:Sites:site-1:Pool"] = "10.1.200.0/29",
            ["CloudStatus:Central:Addresses:Sites:site-1:RouterUrl"] = _router.BaseAddress.ToString(),
        },
        reconcileLoop: reconcileLoop);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task AutoResolve_IpConflict_EverySiteServerAndThePeerGetAnAddressCommand_DispatchedAsTheAddressMethod()
    {
        await _host.Services.GetRequiredService<ILeaseStore>().TryWriteAsync(new Core.Ownership.Lease
        {
            TenantId = Tenant, PrimaryId = "srv-02", PeerId = "srv-09", HolderId = "srv-02", Token = 1, Phase = Core.Ownership.LeasePhase.Primary, ChangedAt = _host.Time.GetUtcNow(),
        }, null);
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:02:01", "10.1.0.5");

        await ReconcileAsync();

        var conflict = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal(ConflictStatuses.Resolved, conflict.Status);
        var commands = await CommandsAsync(conflict.Notices!);
        Assert.Equal(["srv-01", "srv-02", "srv-09"], commands.Select(c => c.ServerId));
        Assert.All(commands, c => Assert.Equal((DirectMethodNames.Address, "srv-02.sw2", "10.1.200.1", "10.1.0.5"), (c.Action, c.ProducerId, c.Ip, c.PreviousIp)));
        // The host's dispatch drain sends them as any command: the address method to each server.
        await Eventually.TrueAsync(async () => (await CommandsAsync(conflict.Notices!)).All(c => c.Status == CommandStatus.Succeeded), "the address commands were dispatched");
        var calls = _host.Methods.Calls.Where(c => c.MethodName == DirectMethodNames.Address).ToList();
        Assert.Equal(["srv-01", "srv-02", "srv-09"], calls.Select(c => c.DeviceId).Order());
        var payload = JsonSerializer.Deserialize(calls[0].PayloadJson, MethodJsonContext.Default.ProducerCommandRequest)!;
        Assert.Equal(("srv-02.sw2", "10.1.200.1", "10.1.0.5"), (payload.ProducerId, payload.Ip, payload.PreviousIp));
        Assert.All(await CommandsAsync(conflict.Notices!), c => Assert.Equal(CommandStatus.Succeeded, c.Status));
    }

    [Fact]
    public async Task Ingest_ClaimOfAnIpInUse_TheRunningLoopReconcilesItAtOnce()
    {
        await _host.DisposeAsync();
        _host = await StartHostAsync(reconcileLoop: true);
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:02:01", "10.1.0.5");

        // The host's clock never moves here: only ingest's signal can have woken the reconcile loop (docs/adr/0175).
        await Eventually.TrueAsync(async () => (await Store.ListConflictsAsync(Tenant)).Count == 1, "the conflict was reported without a reconcile interval passing");
        Assert.Equal("srv-02.sw2", Assert.Single(await Store.ListConflictsAsync(Tenant)).Newcomer.ProducerId);
    }

    [Fact]
    public async Task Reconcile_ProducerMovesToAFreeIp_SiteServersTold_FirstAppearanceAndRepeatsAreNot()
    {
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ReconcileAsync();
        await ApplyAsync(Server, "sw1", 2, "02:00:00:00:01:01", "10.1.0.8");
        await ReconcileAsync();
        await ReconcileAsync();

        var commands = _host.Services.GetRequiredService<ICommandStore>();
        var appeared = IdentityChanges.ItemId(Server, "srv-01.sw1", Epoch, 1);
        var moved = IdentityChanges.ItemId(Server, "srv-01.sw1", Epoch, 2);
        Assert.Null(await commands.GetAsync(AddressPropagator.CommandIdFor(appeared, Server)));
        var command = await commands.GetAsync(AddressPropagator.CommandIdFor(moved, Server));
        Assert.NotNull(command);
        await Eventually.TrueAsync(() => Task.FromResult(_host.Methods.Calls.Count(c => c.MethodName == DirectMethodNames.Address) == 1), "the move was told once");
        Assert.Equal((Server, "srv-01.sw1", "10.1.0.8", "10.1.0.5"), (command.ServerId, command.ProducerId, command.Ip, command.PreviousIp));
        Assert.Equal("10.1.0.8", Assert.Single((await Store.ReadMasterAsync(Tenant)).Bindings).Ip);
    }

    [Fact]
    public async Task SubmitAdd_MatchIpHeldElsewhere_ConflictReportedBeforeTheDeviceAppears_LeftToAnOperator()
    {
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:02:01", "10.1.0.6");
        await ReconcileAsync();

        using var submitted = await _host.Client.PostAsJsonAsync("/api/v1/commands", new
        {
            producerId = "srv-02.new", action = "add", serverId = "srv-02", kind = ProducerKind.Switch, match = new { ip = "10.1.0.5" },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await ReconcileAsync();

        var conflicts = await _host.Client.GetFromJsonAsync<JsonElement>("/api/v1/conflicts");
        var conflict = Assert.Single(conflicts.EnumerateArray());
        Assert.Equal(("ip", "add", "srv-02.new", "srv-01.sw1"), (conflict.GetProperty("kind").GetString(), conflict.GetProperty("source").GetString(),
            conflict.GetProperty("newcomer").GetProperty("producerId").GetString(), conflict.GetProperty("holder").GetProperty("producerId").GetString()));
        Assert.Equal(("open", "manual"), (conflict.GetProperty("status").GetString(), conflict.GetProperty("handling").GetString()));
        Assert.Contains("has not shown up", conflict.GetProperty("handlingReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Methods.Calls, c => c.MethodName == DirectMethodNames.Readdress);
    }

    [Fact]
    public async Task SubmitAdd_FreeMac_ReservedForTheAdd_ThenTakenUpByTheSwitchThatShowsUpWithIt()
    {
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        using var submitted = await _host.Client.PostAsJsonAsync("/api/v1/commands", new
        {
            producerId = "srv-01.new", action = "add", serverId = Server, kind = ProducerKind.Switch, match = new { mac = "02:00:00:00:00:99" },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await ReconcileAsync();
        var reserved = Assert.Single((await Store.ReadMasterAsync(Tenant)).Bindings, b => b.ProducerId == "srv-01.new");
        Assert.Equal((AddressSources.Add, "02:00:00:00:00:99"), (reserved.Source, reserved.Mac));

        await ApplyAsync(Server, "slot", 1, "02:00:00:00:00:99", "10.1.0.9");
        await ReconcileAsync();

        Assert.Empty(await Store.ListConflictsAsync(Tenant));
        var master = await Store.ReadMasterAsync(Tenant);
        Assert.Equal("02:00:00:00:00:99", Assert.Single(master.Bindings, b => b.ProducerId == "srv-01.slot").Mac);
        Assert.False(Assert.Single(master.Bindings, b => b.ProducerId == "srv-01.new").HoldsAny);
    }

    [Fact]
    public async Task DeletedProducer_ReleasesItsAddresses_AnotherServerTakesThemWithoutConflict()
    {
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ReconcileAsync();

        await _host.ApplyAsync(Batch(Core.Wire.BatchKind.Async, 2, 2, records: [Rec("sw1", 2, deleted: true, kind: ProducerKind.Switch)]));
        await ReconcileAsync();
        Assert.False(Assert.Single((await Store.ReadMasterAsync(Tenant)).Bindings).HoldsAny);
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ReconcileAsync();

        Assert.Empty(await Store.ListConflictsAsync(Tenant));
        var holder = Assert.Single((await Store.ReadMasterAsync(Tenant)).Bindings, b => b.HoldsAny);
        Assert.Equal(("srv-02.sw2", "10.1.0.5", "02:00:00:00:01:01"), (holder.ProducerId, holder.Ip, holder.Mac));
    }

    [Fact]
    public async Task AddWhoseDeviceNeverAppears_TimedOut_ReservationReleased_TheIpIsFreeForAnotherProducer()
    {
        _host.Methods.Responder = call => call.MethodName == CommandActions.Add
            ? new DirectMethodOutcome(DirectMethodStatus.Answered, 202, """{"ok":true,"message":"will be configured when it shows up"}""", null)
            : new DirectMethodOutcome(DirectMethodStatus.Answered, 200, """{"ok":true}""", null);
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        using var submitted = await _host.Client.PostAsJsonAsync("/api/v1/commands", new
        {
            producerId = "srv-01.new", action = "add", serverId = Server, kind = ProducerKind.Switch, match = new { ip = "10.1.0.7" },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var commandId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commandId").GetString()!;
        var commands = _host.Services.GetRequiredService<ICommandStore>();
        await Eventually.TrueAsync(async () => (await commands.GetAsync(commandId))?.Status == CommandStatus.Waiting, "the add waits for its device");
        await ReconcileAsync();
        var reserved = Assert.Single((await Store.ReadMasterAsync(Tenant)).Bindings, b => b.ProducerId == "srv-01.new");
        Assert.Equal((AddressSources.Add, "10.1.0.7"), (reserved.Source, reserved.Ip));

        _host.Time.Advance(TimeSpan.FromMinutes(11)); // past the command's 10 min deadline
        await _host.Services.GetRequiredService<CommandRescanner>().RescanOnceAsync();
        await Eventually.TrueAsync(async () => (await commands.GetAsync(commandId))?.Status == CommandStatus.TimedOut, "the add timed out");
        await ReconcileAsync();
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:02:01", "10.1.0.7");
        await ReconcileAsync();

        Assert.Empty(await Store.ListConflictsAsync(Tenant));
        var master = await Store.ReadMasterAsync(Tenant);
        Assert.False(Assert.Single(master.Bindings, b => b.ProducerId == "srv-01.new").HoldsAny);
        Assert.Equal("10.1.0.7", Assert.Single(master.Bindings, b => b.ProducerId == "srv-02.sw2").Ip);
    }

    [Fact]
    public async Task DuplicateMac_AtAnAutoSite_StaysOpenAsManualWithTheReason_NoReaddress()
    {
        await ApplyAsync(Server, "sw1", 1, "02:00:00:00:01:01", "10.1.0.5");
        await ApplyAsync("srv-02", "sw2", 1, "02:00:00:00:01:01", "10.1.0.6");
        await ReconcileAsync();
        await ReconcileAsync();

        var conflict = Assert.Single((await _host.Client.GetFromJsonAsync<JsonElement>("/api/v1/conflicts")).EnumerateArray());
        Assert.Equal(("mac", "open", "manual"), (conflict.GetProperty("kind").GetString(), conflict.GetProperty("status").GetString(), conflict.GetProperty("handling").GetString()));
        Assert.Contains("cannot be readdressed", conflict.GetProperty("handlingReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Methods.Calls, c => c.MethodName == DirectMethodNames.Readdress);
        Assert.Empty(_router.Mappings);
    }

    private Task ApplyAsync(string server, string id, long seq, string mac, string ip) =>
        _host.ApplyAsync(Batch(Core.Wire.BatchKind.Periodic, seq, seq, server: server, records:
            [Rec(id, seq, kind: ProducerKind.Switch, server: server) with { Mac = mac, Ip = ip }]));

    private Task ReconcileAsync() => _host.Services.GetRequiredService<AddressReconciler>().ReconcileOnceAsync();

    private async Task<List<CommandRecord>> CommandsAsync(IReadOnlyList<string> ids)
    {
        var store = _host.Services.GetRequiredService<ICommandStore>();
        var found = new List<CommandRecord>();
        foreach (var id in ids)
        {
            found.Add(await store.GetAsync(id) ?? throw new InvalidOperationException($"no command {id}"));
        }

        return [.. found.OrderBy(c => c.ServerId, StringComparer.Ordinal)];
    }
}
