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
/// Policy <c>auto</c> in central: an IP conflict gets a free address of the site's pool, the newcomer is told it by a
/// <c>readdress</c> direct method, the site router (a real HTTP endpoint on loopback) is asked to map new → old, and
/// the conflict closes; a refusal stays on the open conflict with why. The hub is the fake one: no edge runs here.
/// </summary>
public sealed class AutoResolutionTests : IAsyncLifetime
{
    private RouterStub _router = null!;
    private ApiHost _host = null!;

    private IAddressStore Store => _host.Services.GetRequiredService<IAddressStore>();

    public async Task InitializeAsync()
    {
        _router = await RouterStub.StartAsync();
        _host = await StartAsync("10.1.200.0/29");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _router.DisposeAsync();
    }

    [Fact]
    public async Task Reconcile_IpConflictAtAnAutoSite_NewcomerReaddressedRouterMapsNewToOldConflictClosed()
    {
        await ClaimSameIpAsync();

        var conflict = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal((ConflictStatuses.Resolved, "10.1.200.1", "auto"), (conflict.Status, conflict.NewAddress, conflict.ResolvedBy));
        var call = Assert.Single(_host.Methods.Calls, c => c.MethodName == DirectMethodNames.Readdress);
        var request = JsonSerializer.Deserialize(call.PayloadJson, MethodJsonContext.Default.ProducerCommandRequest)!;
        Assert.Equal(("srv-02", "srv-02.sw2", "10.1.200.1"), (call.DeviceId, request.ProducerId, request.Ip));
        using var mapping = JsonDocument.Parse(_router.Mappings["10.1.200.1"]);
        Assert.Equal(("site-1/10.1.0.0/16", "10.1.0.5"), (mapping.RootElement.GetProperty("network").GetString(), mapping.RootElement.GetProperty("to").GetString()));

        // The device then reports its new address: a free one, applied.
        await _host.ApplyAsync(Batch(Core.Wire.BatchKind.Periodic, 2, 2, server: "srv-02", records: [Switch("sw2", 2, "srv-02", "02:00:00:00:02:01", "10.1.200.1")]));
        await Reconciler().ReconcileOnceAsync();
        var master = await Store.ReadMasterAsync(Tenant);
        Assert.Equal("10.1.200.1", Assert.Single(master.Bindings, b => b.ProducerId == "srv-02.sw2").Ip);
        Assert.Equal("10.1.0.5", Assert.Single(master.Bindings, b => b.ProducerId == "srv-01.sw1").Ip);
    }

    [Fact]
    public async Task Reconcile_RouterRefuses_ConflictStaysOpenWithWhy_AndClosesOnceItTakesIt()
    {
        _router.Status = 500;
        await ClaimSameIpAsync();

        var open = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal(ConflictStatuses.Open, open.Status);
        Assert.Contains("answered 500", open.Failure, StringComparison.Ordinal);

        _router.Status = 204;
        await Reconciler().ReconcileOnceAsync();
        var closed = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal((ConflictStatuses.Resolved, "10.1.200.1", null), (closed.Status, closed.NewAddress, closed.Failure));
    }

    [Fact]
    public async Task Reconcile_DeviceRefuses_ConflictStaysOpenWithWhy_RouterNotAsked()
    {
        _host.Methods.Responder = _ => new DirectMethodOutcome(DirectMethodStatus.Answered, 501, """{"ok":false,"message":"cannot"}""", null);
        await ClaimSameIpAsync();

        var open = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal(ConflictStatuses.Open, open.Status);
        Assert.Contains("refused the new address 10.1.200.1", open.Failure, StringComparison.Ordinal);
        Assert.Empty(_router.Mappings);
    }

    [Fact]
    public async Task Reconcile_PoolExhausted_ConflictStaysOpenSayingSo()
    {
        await _host.DisposeAsync();
        _host = await StartAsync("10.1.0.5/32");
        await ClaimSameIpAsync();

        var open = Assert.Single(await Store.ListConflictsAsync(Tenant));
        Assert.Equal(ConflictStatuses.Open, open.Status);
        Assert.Contains("has no free address", open.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Methods.Calls, c => c.MethodName == DirectMethodNames.Readdress);
    }

    [Fact]
    public async Task AutoResolve_CrashBetweenAnyTwoStoreSteps_NextPassFinishesWithOneAddressAndOneMapping()
    {
        await ClaimSameIpAsync(resolve: false);
        var steps = 0;
        for (var point = 0; ; point++)
        {
            // Each round: a fresh copy of the conflict at this point, a resolver that dies there, then a clean one.
            var tenant = $"crash-{point}";
            await CopyOpenConflictAsync(tenant);
            var crashing = new CrashingAddressStore(Store, point);
            try
            {
                await Resolver(crashing).ResolveTenantAsync(tenant);
            }
            catch (SimulatedCrashException)
            {
            }

            if (!crashing.Crashed)
            {
                steps = point;
                break;
            }

            await Resolver(Store).ResolveTenantAsync(tenant);
            var conflict = Assert.Single(await Store.ListConflictsAsync(tenant));
            Assert.Equal(ConflictStatuses.Resolved, conflict.Status);
            Assert.Equal("10.1.200.1", conflict.NewAddress);
            Assert.All(_host.Methods.Calls.Where(c => c.MethodName == DirectMethodNames.Readdress), c => Assert.Contains("10.1.200.1", c.PayloadJson, StringComparison.Ordinal));
            Assert.Equal(["10.1.200.1"], _router.Mappings.Keys);
        }

        Assert.True(steps >= 6, $"only {steps} crash points");
    }

    private AutoResolver Resolver(IAddressStore store) => ActivatorUtilities.CreateInstance<AutoResolver>(_host.Services, store);

    /// <summary>The open conflict of <see cref="Tenant"/> under another tenant (its own master version), as detected.</summary>
    private async Task CopyOpenConflictAsync(string tenant)
    {
        var open = Assert.Single((await Store.ReadMasterAsync(Tenant)).OpenConflicts);
        var master = await Store.ReadMasterAsync(tenant);
        Assert.NotNull(await Store.CommitAsync(new AddressCommit
        {
            TenantId = tenant, ExpectedVersion = master.Version, Conflicts = [open with { TenantId = tenant }],
        }));
    }

    // Every pass is driven here (crashes injected between its store steps): the host's own loop stays off.
    private async Task<ApiHost> StartAsync(string pool) => await ApiHost.StartAsync(
        settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Addresses:Sites:site-1:Subnets:0"] = "10.1.0.0/16",
            ["CloudStatus:Central:Addresses:Sites:site-1:Policy"] = "auto",
            ["CloudStatus:Central:Addresses:Sites:site-1:Pool"] = pool,
            ["CloudStatus:Central:Addresses:Sites:site-1:RouterUrl"] = _router.BaseAddress.ToString(),
        },
        reconcileLoop: false);

    private AddressReconciler Reconciler() => _host.Services.GetRequiredService<AddressReconciler>();

    private async Task ClaimSameIpAsync(bool resolve = true)
    {
        await _host.ApplyAsync(Periodic(1, 1, Switch("sw1", 1, Server, "02:00:00:00:01:01", "10.1.0.5")));
        await _host.ApplyAsync(Batch(Core.Wire.BatchKind.Periodic, 1, 1, server: "srv-02", records: [Switch("sw2", 1, "srv-02", "02:00:00:00:02:01", "10.1.0.5")]));
        if (resolve)
        {
            await Reconciler().ReconcileOnceAsync();
        }
        else
        {
            await Reconciler().ReconcileTenantAsync(Tenant);
        }
    }

    private static Core.Wire.StatusRecord Switch(string id, long seq, string server, string mac, string ip) =>
        Rec(id, seq, kind: ProducerKind.Switch, server: server) with { Mac = mac, Ip = ip };
}
