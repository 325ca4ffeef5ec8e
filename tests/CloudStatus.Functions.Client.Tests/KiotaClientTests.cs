using CloudStatus.Client;
using CloudStatus.Client.Models;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using static CloudStatus.Functions.Tests.Support.Batches;
using CoreHealth = CloudStatus.Core.Model.Health;
using HealthFilter = CloudStatus.Client.Api.V1.Servers.Item.Producers.GetHealthQueryParameterType;

namespace CloudStatus.Functions.Client.Tests;

/// <summary>
/// API v1 through the Kiota-generated client, as an integrator uses it: paging, filters, a command and its status, and
/// errors surfacing as the typed problem-details exceptions the document declares.
/// </summary>
public sealed class KiotaClientTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private CloudStatusApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.ApplyAsync(Periodic(
            1,
            5,
            Rec("sw1", 1, kind: ProducerKind.Switch),
            Rec("sw2", 2, CoreHealth.Offline, kind: ProducerKind.Switch),
            Rec("dev1", 3, CoreHealth.Offline),
            Rec("dev2", 4, CoreHealth.Degraded),
            Rec("dev3", 5)));

        // The host's client already carries the bearer token; the adapter sends through it.
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _host.Client)
        {
            BaseUrl = _host.Client.BaseAddress!.ToString().TrimEnd('/'),
        };
        _client = new CloudStatusApiClient(adapter);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListProducers_Paged_WalksEveryProducerOnceInOrder()
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await _client.Api.V1.Servers[Server].Producers.GetAsync(c =>
            {
                c.QueryParameters.Limit = 2;
                c.QueryParameters.Continuation = continuation;
            });
            Assert.NotNull(page?.Items);
            Assert.True(page.Items.Count <= 2);
            ids.AddRange(page.Items.Select(p => p.ProducerId!));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        Assert.Equal(["srv-01.dev1", "srv-01.dev2", "srv-01.dev3", "srv-01.sw1", "srv-01.sw2"], ids);
    }

    [Fact]
    public async Task ListProducers_HealthAndKindFilters_ReturnTypedMatches()
    {
        var page = await _client.Api.V1.Servers[Server].Producers.GetAsync(c =>
        {
            c.QueryParameters.Health = HealthFilter.Offline;
            c.QueryParameters.Kind = ProducerKind.Device;
        });

        var producer = Assert.Single(page!.Items!);
        Assert.Equal("srv-01.dev1", producer.ProducerId);
        Assert.Equal(global::CloudStatus.Client.Models.Health.Offline, producer.Health);
        Assert.Equal(3, producer.Seq);

        var servers = await _client.Api.V1.Servers.GetAsync(c =>
        {
            c.QueryParameters.Online = true;
            c.QueryParameters.SiteId = Site;
        });
        Assert.Equal([Server], servers!.Select(s => s.ServerId));
        Assert.Empty((await _client.Api.V1.Servers.GetAsync(c => c.QueryParameters.Online = false))!);
        Assert.Empty((await _client.Api.V1.Servers.GetAsync(c => c.QueryParameters.SiteId = "elsewhere"))!);
    }

    [Fact]
    public async Task SubmitCommand_ThenGetIt_ReportsItsStatusAndAudit()
    {
        var accepted = await _client.Api.V1.Commands.PostAsync(new CommandRequestDto
        {
            ProducerId = "srv-01.sw1",
            Action = CommandRequestDto_action.Reboot,
            IdempotencyKey = "kiota-1",
        });
        Assert.False(string.IsNullOrEmpty(accepted?.CommandId));

        CommandDto? command = null;
        await Eventually.TrueAsync(async () =>
        {
            command = await _client.Api.V1.Commands[accepted.CommandId].GetAsync();
            return command?.Status == "succeeded";
        }, "the command succeeded");

        Assert.Equal(CommandDto_action.Reboot, command!.Action);
        Assert.Equal(Server, command.ServerId);
        Assert.NotNull(command.CompletedAt);
        Assert.Contains(_host.Methods.Calls, c => c.DeviceId == Server);
    }

    [Fact]
    public async Task Errors_SurfaceAsTypedProblemDetails()
    {
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => _client.Api.V1.Servers["srv-99"].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Equal(404, missing.Status);
        Assert.Equal("Not found", missing.Title);
        Assert.Contains("srv-99", missing.Detail, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() => _client.Api.V1.Events.GetAsync(c =>
        {
            c.QueryParameters.From = new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero);
            c.QueryParameters.To = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.True(invalid.Errors?.AdditionalData.ContainsKey("from"));

        var conflictOrMissing = await Assert.ThrowsAsync<ProblemDetails>(() => _client.Api.V1.Commands.PostAsync(new CommandRequestDto
        {
            ProducerId = "srv-01.nothing",
            Action = CommandRequestDto_action.Delete,
        }));
        Assert.Equal(404, conflictOrMissing.ResponseStatusCode);
    }
}
