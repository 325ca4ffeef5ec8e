using System.Text;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.History;

/// <summary>The <c>history</c> direct method on a real history file: pages, cursors, errors and the payload bound.</summary>
public sealed class HistoryMethodTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(T0);
    private readonly HistoryOptions _options = new();
    private HistoryRecorder _recorder = null!;
    private SqliteLocalHistory _store = null!;
    private HistoryWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _recorder = new HistoryRecorder("srv-01", _options.MaxPending, _time);
        _store = await SqliteLocalHistory.OpenAsync(_dir.Path, "srv-01");
        _writer = new HistoryWriter(_recorder, _store, _options, _time, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        _writer.Dispose();
        await _store.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task History_SeesTransitionsNotYetFlushedAndPagesWithAfter()
    {
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _recorder.Record($"srv-01.sw-{i}", LocalEventTypes.Health, Health.Offline, Health.Online);
        }

        var first = await CallAsync(new HistoryRequest { From = T0, To = T0.AddHours(1), Limit = 3 });
        var rest = await CallAsync(new HistoryRequest { From = T0, To = T0.AddHours(1), Limit = 3, After = first.Events[^1].EventId });

        Assert.True(first.More);
        Assert.False(rest.More);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"srv-01.sw-{i}"), first.Events.Concat(rest.Events).Select(e => e.ProducerId));
        Assert.Equal(T0.AddSeconds(1), first.Events[0].At);
        Assert.Equal((Health.Offline, Health.Online), (first.Events[0].Health, first.Events[0].PreviousHealth));
    }

    [Fact]
    public async Task History_TypeFilter_OnlyThatType()
    {
        _recorder.Record("srv-01.sw-1", LocalEventTypes.Reboot);
        _recorder.Record("srv-01.sw-2", LocalEventTypes.Health, Health.Offline, Health.Online);

        var page = await CallAsync(new HistoryRequest { From = T0, To = T0.AddHours(1), Type = LocalEventTypes.Reboot, Limit = 10 });

        Assert.Equal("srv-01.sw-1", Assert.Single(page.Events).ProducerId);
    }

    [Fact]
    public async Task History_ThousandLongEvents_PageFitsThePayloadLimitAndPagingLosesNothing()
    {
        var longId = "srv-01." + new string('x', 110);
        for (var i = 0; i < 2500; i++)
        {
            _recorder.Record($"{longId}.{i:0000}", LocalEventTypes.Health, Health.Degraded, Health.Online, "a detail long enough to matter for the payload");
        }

        var seen = new List<string>();
        string? after = null;
        var sizes = new List<int>();
        bool more;
        do
        {
            var method = new HistoryMethod(_writer, _options.MaxPageBytes, NullLogger.Instance);
            var payload = JsonSerializer.SerializeToUtf8Bytes(
                new HistoryRequest { From = T0, To = T0.AddHours(1), Limit = HistoryRequest.MaxLimit, After = after }, HistoryJsonContext.Default.HistoryRequest);
            var (status, _, json) = await method.HandleAsync(payload);
            Assert.Equal(200, status);
            sizes.Add(json!.Length);
            var page = JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryPage)!;
            seen.AddRange(page.Events.Select(e => e.ProducerId));
            after = page.Events[^1].EventId;
            more = page.More;
        }
        while (more);

        Assert.All(sizes, size => Assert.InRange(size, 1, _options.MaxPageBytes));
        Assert.True(sizes.Count > 3, $"a 1000-event page of this size cannot fit; got {sizes.Count} pages");
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => $"{longId}.{i:0000}"), seen);
    }

    [Fact]
    public void Encode_AtLeastOneEventAndTheExactShapeOfHistoryPage()
    {
        var e = new HistoryEvent { EventId = "s:e:1", Number = 1, ProducerId = "p", Type = "reboot", At = T0 };

        var (json, count, more) = HistoryMethod.Encode([e, e with { Number = 2 }], storeHasMore: false, maxBytes: 10);
        var (allJson, allCount, allMore) = HistoryMethod.Encode([e], storeHasMore: false, maxBytes: 4096);

        Assert.Equal((1, true), (count, more));
        Assert.Equal((1, false), (allCount, allMore));
        Assert.Equal(
            JsonSerializer.Serialize(new HistoryPage { Events = [e], More = false }, HistoryJsonContext.Default.HistoryPage),
            Encoding.UTF8.GetString(allJson));
        Assert.True(JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryPage)!.More);
    }

    [Theory]
    [InlineData("", 400)]
    [InlineData("null", 400)]
    [InlineData("{", 400)]
    [InlineData("""{"to":"2025-01-01T00:00:00Z"}""", 400)]
    [InlineData("""{"from":"2025-01-02T00:00:00Z","to":"2025-01-01T00:00:00Z"}""", 400)]
    [InlineData("""{"from":"2025-01-01T00:00:00Z","to":"2025-01-02T00:00:00Z","limit":0}""", 400)]
    [InlineData("""{"from":"2025-01-01T00:00:00Z","to":"2025-01-02T00:00:00Z","limit":1001}""", 400)]
    [InlineData("""{"from":"2025-01-01T00:00:00Z","to":"2025-01-02T00:00:00Z","type":"a b"}""", 400)]
    [InlineData("""{"from":"2025-01-01T00:00:00Z","to":"2025-01-02T00:00:00Z","after":"srv-01:0000000000000000:5"}""", 410)]
    public async Task History_BadRequestOrForeignCursor_ErrorWithReason(string payload, int expected)
    {
        var method = new HistoryMethod(_writer, _options.MaxPageBytes, NullLogger.Instance);

        var (status, message, page) = await method.HandleAsync(Encoding.UTF8.GetBytes(payload));

        Assert.True(expected == status, $"{status}: {message}");
        Assert.Null(page);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    private async Task<HistoryPage> CallAsync(HistoryRequest request)
    {
        var method = new HistoryMethod(_writer, _options.MaxPageBytes, NullLogger.Instance);
        var (status, message, json) = await method.HandleAsync(JsonSerializer.SerializeToUtf8Bytes(request, HistoryJsonContext.Default.HistoryRequest));
        Assert.True(status == 200, message);
        return JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryPage)!;
    }
}
