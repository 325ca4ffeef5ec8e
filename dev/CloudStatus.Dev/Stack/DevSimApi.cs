using CloudStatus.Core.Model;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// Dev-only routes that drive the simulated fleet: a local server goes dark and comes back, a producer's health is
/// set by hand, a new device is plugged in (a switch into one of its server's empty management slots, with a MAC), the link
/// between two switches of a site breaks. Same bearer token as the API, operator role required; never part of the deployed app.
/// </summary>
internal static class DevSimApi
{
    private static readonly Dictionary<string, Health> ParseHealth = new(StringComparer.OrdinalIgnoreCase)
    {
        ["online"] = Health.Online,
        ["degraded"] = Health.Degraded,
        ["offline"] = Health.Offline,
        ["unknown"] = Health.Unknown,
    };

    public static IEndpointRouteBuilder MapDevSimApi(this IEndpointRouteBuilder endpoints)
    {
        var sim = endpoints.MapGroup("/dev/sim")
            .RequireAuthorization(CloudStatusClaims.OperatePolicy)
            .ExcludeFromDescription();
        sim.MapGet("/servers", (DevFleet fleet) => TypedResults.Ok(fleet.Servers.Select(ToDto).ToList()));
        sim.MapPost("/servers/{serverId}/stop", StopAsync);
        sim.MapPost("/servers/{serverId}/start", StartAsync);
        sim.MapPost("/producers/{producerId}", SetHealth);
        sim.MapPost("/producers/{producerId}/plug", Plug);
        sim.MapGet("/switches/{switchId}", DescribeSwitch);
        sim.MapPost("/switches/{switchId}/hang", Hang);
        sim.MapPost("/links", SetLink);
        sim.MapPost("/lan", SetLan);
        sim.MapPost("/servers/{serverId}/uplink", SetUplinkAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<SimServerDto>, ProblemHttpResult>> StopAsync(string serverId, DevFleet fleet, CancellationToken cancellationToken)
    {
        if (fleet.FindServer(serverId) is not { } server)
        {
            return UnknownServer(serverId);
        }

        await server.StopAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToDto(server));
    }

    private static async Task<Results<Ok<SimServerDto>, ProblemHttpResult>> StartAsync(string serverId, DevFleet fleet, CancellationToken cancellationToken)
    {
        if (fleet.FindServer(serverId) is not { } server)
        {
            return UnknownServer(serverId);
        }

        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToDto(server));
    }

    private static Results<Ok<SimProducerDto>, ProblemHttpResult> SetHealth(string producerId, SimHealthRequest? request, DevFleet fleet)
    {
        if (request?.Health is not { } text || !ParseHealth.TryGetValue(text, out var health))
        {
            return TypedResults.Problem(
                "The body must be {\"health\": \"online\" | \"degraded\" | \"offline\" | \"unknown\"}.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid health");
        }

        var server = fleet.FindServerOfProducer(producerId);
        if (server?.Equipment is not { } equipment || equipment.HealthOf(producerId) is null)
        {
            return NotFound($"No simulated producer '{producerId}'.");
        }

        if (!server.IsRunning)
        {
            return Conflict($"Server '{server.ServerId}' is stopped; start it before changing its producers.");
        }

        equipment.SetHealth(producerId, health);
        return TypedResults.Ok(new SimProducerDto(producerId, text.ToLowerInvariant()));
    }

    private static Results<Ok<SimProducerDto>, ProblemHttpResult> Plug(string producerId, SimPlugRequest? request, DevFleet fleet)
    {
        if (request is not { Kind.Length: > 0, ParentId.Length: > 0 } || !ProducerId.IsValid(producerId))
        {
            return TypedResults.Problem(
                "The body must be {\"kind\": \"device\", \"parentId\": \"<an existing producer>\"} and the id 1–128 characters of [A-Za-z0-9._:-].",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid plug request");
        }

        var server = fleet.FindServerOfProducer(request.ParentId);
        if (server?.Equipment is not { } equipment || !server.IsRunning)
        {
            return NotFound($"No running simulated server owns parent '{request.ParentId}'.");
        }

        string? mac = null;
        if (request.Mac is not null && !MacAddress.TryNormalize(request.Mac, out mac))
        {
            return TypedResults.Problem($"mac '{request.Mac}': {MacAddress.Rule}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid plug request");
        }

        string? ip = null;
        if (request.Ip is not null && !IpAddressText.TryNormalize(request.Ip, out ip))
        {
            return TypedResults.Problem($"ip '{request.Ip}': {IpAddressText.Rule}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid plug request");
        }

        // A switch is reached through its management endpoint: it can only go where the edge has a slot for one.
        if (ProducerKind.IsSwitch(request.Kind)
            && (request.ParentId != server.ServerId || server.Switches?.SlotIds.Contains(producerId) != true))
        {
            return Conflict($"A switch is plugged into an empty management slot of its server: one of {string.Join(", ", server.Switches?.SlotIds ?? [])}, with parentId '{server.ServerId}'.");
        }

        return equipment.Plug(producerId, request.Kind, request.ParentId, mac, ip)
            ? TypedResults.Ok(new SimProducerDto(producerId, "online"))
            : Conflict($"'{producerId}' already exists or parent '{request.ParentId}' is unknown.");
    }

    /// <summary>A switch as its management endpoint sees it: URL, what it answers, and the control requests it received.</summary>
    private static Results<Ok<SimSwitchDto>, ProblemHttpResult> DescribeSwitch(string switchId, DevFleet fleet)
    {
        var server = fleet.FindServerOfProducer(switchId);
        if (server?.Equipment.DescribeSwitch(switchId) is not { } view || server.Switches?.Urls.GetValueOrDefault(switchId) is not { } url)
        {
            return NotFound($"No simulated switch '{switchId}' with a management endpoint.");
        }

        var received = server.Switches;
        return TypedResults.Ok(new SimSwitchDto(
            switchId, url.ToString(), view.Answers, view.Hung, view.Firmware, view.BootCount,
            received.Received(switchId, "POST /reboot"), received.Received(switchId, "PUT /config"), received.Received(switchId, "DELETE /"),
            view.Mac, view.Ip, view.Config));
    }

    /// <summary>The switch's management endpoint stops answering (accepts and holds every request), or answers again.</summary>
    private static Results<Ok<SimSwitchDto>, ProblemHttpResult> Hang(string switchId, SimHangRequest? request, DevFleet fleet)
    {
        var server = fleet.FindServerOfProducer(switchId);
        if (server is null || !server.Equipment.SetHung(switchId, request?.Hung ?? true))
        {
            return NotFound($"No simulated switch '{switchId}'.");
        }

        return DescribeSwitch(switchId, fleet);
    }

    /// <summary>Breaks (or mends, <c>broken: false</c>) the link between two switches of one site, on one server or two.</summary>
    private static Results<Ok<SimLinkDto>, ProblemHttpResult> SetLink(SimLinkRequest? request, DevFleet fleet)
    {
        if (request?.A is not { } a || request.B is not { } b)
        {
            return TypedResults.Problem("Give both switches: {\"a\": \"srv-01.sw-01\", \"b\": \"srv-02.sw-01\"}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        var broken = request.Broken ?? true;
        return fleet.Model.SetLink(a, b, broken)
            ? TypedResults.Ok(new SimLinkDto(a, b, broken))
            : NotFound($"'{a}' and '{b}' are not two live switches of one site.");
    }

    /// <summary>
    /// Cuts (or mends, <c>cut: false</c>) the site LAN between two servers of one site (docs/adr/0170): their peer
    /// interfaces stop reaching each other while both still reach central. A dev site holds the two servers of a pair,
    /// so the cut takes the peer port of each off the LAN.
    /// </summary>
    private static Results<Ok<SimLanDto>, ProblemHttpResult> SetLan(SimLanRequest? request, DevFleet fleet)
    {
        if (request?.A is not { } a || request.B is not { } b || a == b)
        {
            return TypedResults.Problem("Give two servers of one site: {\"a\": \"srv-01\", \"b\": \"srv-02\", \"cut\": true}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        if (fleet.FindServer(a) is not { Lan: { } lanA } serverA || fleet.FindServer(b) is not { Lan: { } lanB } serverB
            || serverA.Node.Options.SiteId != serverB.Node.Options.SiteId)
        {
            return NotFound($"'{a}' and '{b}' are not two servers of one site with peer interfaces (start the stack with --pairs).");
        }

        var cut = request.Cut ?? true;
        foreach (var lan in new[] { lanA, lanB })
        {
            if (cut)
            {
                lan.Cut();
            }
            else
            {
                lan.Mend();
            }
        }

        return TypedResults.Ok(new SimLanDto(a, b, cut));
    }

    /// <summary>Cuts (<c>up: false</c>) or restores a running server's uplink to central; its node keeps monitoring into its heap.</summary>
    private static async Task<Results<Ok<SimServerDto>, ProblemHttpResult>> SetUplinkAsync(
        string serverId, SimUplinkRequest? request, DevFleet fleet, CancellationToken cancellationToken)
    {
        if (request?.Up is not { } up)
        {
            return TypedResults.Problem("The body must be {\"up\": true | false}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        if (fleet.FindServer(serverId) is not { } server)
        {
            return UnknownServer(serverId);
        }

        return await server.SetUplinkAsync(up, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Ok(ToDto(server))
            : Conflict($"Server '{serverId}' is stopped; start it first.");
    }

    private static ProblemHttpResult UnknownServer(string serverId) => NotFound($"No simulated server '{serverId}'.");

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    private static SimServerDto ToDto(SimulatedServer server) => new(server.ServerId, server.IsRunning, server.IsConnected);
}

internal sealed record SimServerDto(string ServerId, bool Running, bool Connected);

internal sealed record SimProducerDto(string ProducerId, string Health);

internal sealed record SimHealthRequest(string? Health);

internal sealed record SimPlugRequest(string? Kind, string? ParentId, string? Mac = null, string? Ip = null);

internal sealed record SimHangRequest(bool? Hung);

internal sealed record SimLinkRequest(string? A, string? B, bool? Broken);

internal sealed record SimLinkDto(string A, string B, bool Broken);

internal sealed record SimLanRequest(string? A, string? B, bool? Cut);

internal sealed record SimLanDto(string A, string B, bool Cut);

internal sealed record SimUplinkRequest(bool? Up);

internal sealed record SimSwitchDto(
    string SwitchId, string Url, bool Answers, bool Hung, string Firmware, int BootCount, int RebootsReceived, int ConfigsReceived, int RemovesReceived,
    string Mac, string Ip, [property: System.Text.Json.Serialization.JsonConverter(typeof(CloudStatus.Core.Wire.RawJsonObjectConverter))] string? Config);
