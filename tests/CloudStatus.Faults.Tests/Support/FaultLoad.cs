using System.Net.Http.Json;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// Concurrent readers on the API around one fault: a baseline with no fault (the same readers on the same stack, just
/// before), then readers from before the fault is injected until the scenario's checks are done (at least
/// <see cref="AtLeast"/>). Each page's figures become a row of the load table and are held to <see cref="LoadBar"/>.
/// </summary>
internal sealed class FaultLoad : IAsyncDisposable
{
    public const string ProducerPage = "/api/v1/servers/srv-01/producers?limit=100";
    public const string EventPage = "/api/v1/events?limit=100";
    public const int ConnectionsPerPage = 5;
    private const int PageSize = 100;
    public static readonly TimeSpan Baseline = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan AtLeast = TimeSpan.FromSeconds(3);
    private static readonly string[] Pages = [ProducerPage, EventPage];

    public const string OwnApi = "the stack's API";
    public const string OtherInstance = "a second central instance (HTTP only) over the same store";

    private readonly string _fault;
    private readonly string _servedBy;
    private readonly int[] _items;
    private readonly IReadOnlyList<LoadResult> _baseline;
    private readonly Autocannon _during;

    private FaultLoad(string fault, string servedBy, int[] items, IReadOnlyList<LoadResult> baseline, Autocannon during)
    {
        _fault = fault;
        _servedBy = servedBy;
        _items = items;
        _baseline = baseline;
        _during = during;
    }

    /// <summary>Measures the baseline, then starts the readers that run through the fault.</summary>
    /// <param name="servedBy">Where the readers go when the stack's own API dies with the fault (null: the stack's API).</param>
    public static async Task<FaultLoad> StartAsync(FaultStack stack, string fault, SecondCentralInstance? servedBy = null)
    {
        var target = servedBy?.BaseAddress ?? stack.Client.BaseAddress!;
        var urls = Pages.Select(p => new Uri(target, p)).ToList();
        // The simulated servers report their devices over their first periods: read full pages, as a user of a fleet would.
        var full = Math.Min(PageSize, 2 * (stack.Devices + 1)); // at least two switches and their devices
        await Eventually.TrueAsync(async () => await CountAsync(stack.Client, ProducerPage, producers: true) >= full,
            $"srv-01's first producer page holds {full} items", TimeSpan.FromSeconds(60));
        int[] items = [await CountAsync(stack.Client, ProducerPage, producers: true), await CountAsync(stack.Client, EventPage, producers: false)];
        IReadOnlyList<LoadResult> baseline;
        await using (var before = Autocannon.Start(urls, FaultStack.Token, ConnectionsPerPage))
        {
            baseline = await before.StopAsync(Baseline);
        }

        return new FaultLoad(fault, servedBy is null ? OwnApi : OtherInstance, items, baseline, Autocannon.Start(urls, FaultStack.Token, ConnectionsPerPage));
    }

    /// <summary>Stops the readers (once they have run <paramref name="atLeast"/>, by default <see cref="AtLeast"/>), adds each page's row to the report, then holds each to the bar.</summary>
    public async Task StopAsync(ReliabilityReport report, TimeSpan? atLeast = null)
    {
        var during = await _during.StopAsync(atLeast ?? AtLeast);
        var rows = Pages.Select((page, i) => new LoadRow(_fault, page, _items[i], _servedBy, ConnectionsPerPage, during[i], _baseline[i])).ToList();
        foreach (var row in rows)
        {
            report.Add(row);
        }

        foreach (var row in rows)
        {
            LoadBar.Assert(row.Fault, row.Request, row.During, row.Baseline, holdToTheBar: LoadBar.Measuring);
        }
    }

    private static async Task<int> CountAsync(HttpClient client, string page, bool producers) => producers
        ? (await client.GetFromJsonAsync(new Uri(page, UriKind.Relative), ApiJsonContext.Default.PageDtoProducerDto))!.Items.Count
        : (await client.GetFromJsonAsync(new Uri(page, UriKind.Relative), ApiJsonContext.Default.EventPageDto))!.Items.Count;

    public ValueTask DisposeAsync() => _during.DisposeAsync();
}
