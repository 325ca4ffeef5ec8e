using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// The address journal's contract on every adapter: a commit is atomic and taken only at the version it was read at,
/// two reconcilers racing for one IP never both win, and a crash between any two steps leaves journal and master in
/// agreement once central runs again.
/// </summary>
public abstract class AddressStoreContractTests : IAsyncLifetime
{
    private protected static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The stores of one central process over this test's data; a second call is a restarted process.</summary>
    private protected abstract Task<AddressStores> OpenAsync();

    /// <summary>Interleavings the race property tries on this adapter.</summary>
    protected abstract int RaceSeeds { get; }

    [Fact]
    public async Task Commit_AtTheVersionRead_AppliesTheEntryAndDequeuesTheItemTogether()
    {
        var stores = await OpenAsync();
        var item = Claim("t-apply", "srv-1", "p1", "02:00:00:00:00:01", "10.1.0.5");
        await stores.Addresses.EnqueueAsync([item]);
        var read = await stores.Addresses.ReadMasterAsync("t-apply");
        Assert.Equal([item], read.Journal);

        var version = await stores.Addresses.CommitAsync(new AddressCommit
        {
            TenantId = "t-apply", ExpectedVersion = read.Version, Bindings = [Binding(item)], Dequeue = [item.Id],
        });

        var after = await stores.Addresses.ReadMasterAsync("t-apply");
        Assert.NotNull(version);
        Assert.Equal(version, after.Version);
        Assert.Empty(after.Journal);
        Assert.Equal([Binding(item)], after.Bindings);
    }

    [Fact]
    public async Task Commit_AtAnOlderVersion_WritesNothing()
    {
        var stores = await OpenAsync();
        var first = Claim("t-stale", "srv-1", "p1", null, "10.1.0.5");
        var second = Claim("t-stale", "srv-2", "p2", null, "10.1.0.5");
        await stores.Addresses.EnqueueAsync([first, second]);
        var read = await stores.Addresses.ReadMasterAsync("t-stale");
        Assert.NotNull(await stores.Addresses.CommitAsync(new AddressCommit { TenantId = "t-stale", ExpectedVersion = read.Version, Bindings = [Binding(first)], Dequeue = [first.Id] }));

        var stale = await stores.Addresses.CommitAsync(new AddressCommit { TenantId = "t-stale", ExpectedVersion = read.Version, Bindings = [Binding(second)], Dequeue = [second.Id] });

        var after = await stores.Addresses.ReadMasterAsync("t-stale");
        Assert.Null(stale);
        Assert.Equal([Binding(first)], after.Bindings);
        Assert.Equal([second], after.Journal);
    }

    [Fact]
    public async Task Enqueue_SameItemTwice_KeepsOne()
    {
        var stores = await OpenAsync();
        var item = Claim("t-twice", "srv-1", "p1", null, "10.1.0.5");

        await stores.Addresses.EnqueueAsync([item]);
        await stores.Addresses.EnqueueAsync([item]);

        Assert.Single((await stores.Addresses.ReadMasterAsync("t-twice")).Journal);
    }

    [Fact]
    public async Task Conflicts_OfOneTenant_AreNeitherListedNorFoundForAnother()
    {
        var stores = await OpenAsync();
        var open = Conflict(Claim("t-c1", "srv-1", "p2", null, "10.1.0.5"), T0);
        var resolved = Conflict(Claim("t-c1", "srv-1", "p3", null, "10.1.0.6"), T0.AddMinutes(1)) with
        {
            Status = ConflictStatuses.Resolved, ResolvedAt = T0.AddMinutes(2), ResolvedBy = "op", Resolution = "dismissed",
        };
        Assert.NotNull(await stores.Addresses.CommitAsync(new AddressCommit { TenantId = "t-c1", ExpectedVersion = null, Conflicts = [open, resolved] }));

        Assert.Equal([resolved, open], await stores.Addresses.ListConflictsAsync("t-c1"));
        Assert.Equal([open], (await stores.Addresses.ReadMasterAsync("t-c1")).OpenConflicts);
        Assert.Equal(resolved, await stores.Addresses.GetConflictAsync("t-c1", resolved.Id));
        Assert.Empty(await stores.Addresses.ListConflictsAsync("t-c2"));
        Assert.Null(await stores.Addresses.GetConflictAsync("t-c2", open.Id));
    }

    [Fact]
    public async Task Reconcile_TwoServersClaimOneIpConcurrently_ExactlyOneWinsInEveryInterleaving()
    {
        var stores = await OpenAsync();
        for (var seed = 0; seed < RaceSeeds; seed++)
        {
            var tenant = $"t-race-{seed}";
            var claims = new[]
            {
                Claim(tenant, "srv-1", "sw-a", "02:00:00:00:01:01", "10.1.0.9"),
                Claim(tenant, "srv-2", "sw-b", "02:00:00:00:02:01", "10.1.0.9"),
            };
            var scheduler = new StepScheduler(seed, claims.Length);
            await Task.WhenAll(claims.Select(claim => scheduler.RunAsync(async () =>
            {
                var store = new ScheduledAddressStore(stores.Addresses, scheduler);
                await store.EnqueueAsync([claim]);
                await Reconciler(store, stores).ReconcileTenantAsync(tenant);
            })));

            var master = await stores.Addresses.ReadMasterAsync(tenant);
            var holder = Assert.Single(master.Bindings, b => b.Ip == "10.1.0.9");
            var conflict = Assert.Single(master.OpenConflicts);
            Assert.Empty(master.Journal);
            Assert.Equal(ConflictKinds.Ip, conflict.Kind);
            Assert.Equal(new ProducerRef(holder.ServerId, holder.ProducerId), conflict.Holder);
            Assert.NotEqual(conflict.Holder, conflict.Newcomer);
        }
    }

    [Fact]
    public async Task Reconcile_CrashBetweenAnyTwoSteps_JournalAndMasterAgreeAfterRestart()
    {
        var stores = await OpenAsync();
        var reference = await RunScenarioAsync(stores, "t-ref", crashPoint: int.MaxValue);
        Assert.Equal("srv-2/sw-e", Assert.Single(reference.Master.Bindings, b => b.Ip == "10.1.0.10") is { } taken ? $"{taken.ServerId}/{taken.ProducerId}" : null);
        Assert.Equal(["srv-1/new", "srv-1/sw-a"], reference.Master.Bindings.Where(b => !b.HoldsAny).Select(b => $"{b.ServerId}/{b.ProducerId}"));
        var points = 2 * reference.Calls;
        // From 1: a crash before the item is journaled is a batch ingest never took (the edge sends it again).
        for (var point = 1; point < points; point++)
        {
            var tenant = $"t-crash-{point}";
            var crashed = await RunScenarioAsync(stores, tenant, point);
            Assert.True(crashed.Crashed, $"crash point {point} was never reached");

            var restarted = await OpenAsync();
            await Reconciler(restarted.Addresses, restarted).ReconcileTenantAsync(tenant);

            var master = await restarted.Addresses.ReadMasterAsync(tenant);
            Assert.Empty(master.Journal);
            Assert.Equal(Shape(reference.Master), Shape(master));
            var events = await restarted.Events.QueryAsync(new EventQuery { TenantIds = [tenant], From = T0.AddDays(-1), To = T0.AddDays(1), Limit = 100 });
            Assert.Equal(master.OpenConflicts.Select(c => c.Newcomer.ProducerId).Order(), events.Items.Where(e => e.Type == StatusEventTypes.Conflict).Select(e => e.ProducerId).Order());
        }
    }

    /// <summary>
    /// Eight claims of one tenant: one applies, one moves, one takes a held IP, one a held MAC; an add reserves a MAC
    /// that a switch then takes up; the first is deleted (a release) and its IP taken by another (docs/adr/0150).
    /// Journaled, then reconciled by one process that may crash at <paramref name="crashPoint"/>.
    /// </summary>
    private async Task<(int Calls, bool Crashed, AddressMaster Master)> RunScenarioAsync(AddressStores stores, string tenant, int crashPoint)
    {
        var claims = new[]
        {
            Claim(tenant, "srv-1", "sw-a", "02:00:00:00:01:01", "10.1.0.9", 1),
            Claim(tenant, "srv-1", "sw-a", "02:00:00:00:01:01", "10.1.0.10", 2),
            Claim(tenant, "srv-2", "sw-b", "02:00:00:00:02:01", "10.1.0.10", 3),
            Claim(tenant, "srv-2", "sw-c", "02:00:00:00:01:01", "10.1.0.11", 4),
            Claim(tenant, "srv-1", "new", "02:00:00:00:00:09", null, 5) with { Id = "add:cmd-5", Source = AddressSources.Add },
            Claim(tenant, "srv-1", "sw-d", "02:00:00:00:00:09", "10.1.0.12", 6),
            Claim(tenant, "srv-1", "sw-a", null, null, 7) with { Source = AddressSources.Release },
            Claim(tenant, "srv-2", "sw-e", "02:00:00:00:05:01", "10.1.0.10", 8),
        };
        var crashing = new CrashingAddressStore(stores.Addresses, crashPoint);
        try
        {
            await crashing.EnqueueAsync(claims);
            await Reconciler(crashing, stores).ReconcileTenantAsync(tenant);
        }
        catch (SimulatedCrashException)
        {
        }

        return (crashing.Calls, crashing.Crashed, await stores.Addresses.ReadMasterAsync(tenant));
    }

    private static object Shape(AddressMaster master) => string.Join(";",
        master.Bindings.Select(b => $"{b.ServerId}/{b.ProducerId}={b.Mac},{b.Ip},{b.Network}")
            .Concat(master.OpenConflicts.Select(c => $"conflict {c.Kind} {c.Address} {c.Newcomer} held by {c.Holder}")));

    private protected static AddressReconciler Reconciler(IAddressStore store, AddressStores stores) => new(
        store,
        stores.Servers,
        stores.Events,
        new FakeTimeProvider(T0),
        Microsoft.Extensions.Options.Options.Create(new AddressOptions
        {
            Sites = { ["site-a"] = new SiteAddressOptions { Subnets = ["10.1.0.0/16"] } },
        }),
        NullLogger<AddressReconciler>.Instance);

    private protected static AddressClaim Claim(string tenant, string server, string producer, string? mac, string? ip, int seq = 1) => new()
    {
        Id = IdentityChanges.ItemId(server, producer, "e1", seq),
        TenantId = tenant,
        SiteId = "site-a",
        ServerId = server,
        ProducerId = producer,
        Mac = mac,
        Ip = ip,
        Source = AddressSources.Ingest,
        At = T0.AddSeconds(seq),
    };

    private static AddressBinding Binding(AddressClaim claim) => new()
    {
        TenantId = claim.TenantId,
        SiteId = claim.SiteId,
        ServerId = claim.ServerId,
        ProducerId = claim.ProducerId,
        Mac = claim.Mac,
        Ip = claim.Ip,
        Network = "site-a/10.1.0.0/16",
        ItemId = claim.Id,
        Since = claim.At,
    };

    private static AddressConflict Conflict(AddressClaim claim, DateTimeOffset at) => new()
    {
        Id = AddressConflict.IdFor(claim.Id),
        TenantId = claim.TenantId,
        SiteId = claim.SiteId,
        Kind = ConflictKinds.Ip,
        Address = claim.Ip!,
        Network = "site-a/10.1.0.0/16",
        Newcomer = new ProducerRef(claim.ServerId, claim.ProducerId),
        Holder = new ProducerRef("srv-9", "holder"),
        Claim = claim,
        Reason = "held",
        DetectedAt = at,
        Status = ConflictStatuses.Open,
    };
}

/// <summary>What one central process uses of an adapter for the address journal.</summary>
internal sealed record AddressStores(IAddressStore Addresses, IEventStore Events, IServerStore Servers);
