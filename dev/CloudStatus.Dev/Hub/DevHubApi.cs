using System.Text.Json.Nodes;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// <c>/dev/hub</c>: lets any IoT Hub client join the simulated fleet. <c>POST /dev/hub/devices</c> hands out a module
/// connection string and the CA to trust; the twin routes read a module's twin and change its desired properties (as the
/// IoT Hub service API would). Operator role, local stack only.
/// </summary>
internal static class DevHubApi
{
    public static IEndpointRouteBuilder MapDevHubApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/dev/hub").RequireAuthorization(CloudStatusClaims.OperatePolicy).ExcludeFromDescription();
        group.MapPost("/devices", AddDevice);
        group.MapGet("/ca.pem", CaPem);
        group.MapGet("/devices/{deviceId}/modules/{moduleId}/twin", GetTwin);
        group.MapPatch("/devices/{deviceId}/modules/{moduleId}/twin/desired", PatchDesired);
        return endpoints;
    }

    private static Results<Ok<DevHubDeviceDto>, ProblemHttpResult> AddDevice(DevHubDeviceRequest? request, DevIotHub hub)
    {
        var deviceId = request?.DeviceId ?? $"ext-{Guid.NewGuid():N}"[..12];
        var moduleId = request?.ModuleId ?? DirectMethodNames.DefaultModuleId;
        if (Invalid(deviceId, moduleId) is { } problem)
        {
            return problem;
        }

        if (hub.CaPem is not { } caPem || hub.WebSocketUri is not { } webSocketUri)
        {
            return TypedResults.Problem("The dev hub has not started yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Ok(new DevHubDeviceDto(
            deviceId,
            moduleId,
            hub.GetModuleConnectionString(deviceId, moduleId),
            hub.HostName,
            hub.GatewayHostName,
            hub.TlsPort,
            webSocketUri.ToString(),
            hub.Port,
            caPem));
    }

    private static Results<ContentHttpResult, ProblemHttpResult> CaPem(DevIotHub hub) =>
        hub.CaPem is { } pem
            ? TypedResults.Text(pem, "application/x-pem-file")
            : TypedResults.Problem("The dev hub has not started yet.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static Results<Ok<JsonObject>, ProblemHttpResult> GetTwin(string deviceId, string moduleId, DevIotHub hub) =>
        Invalid(deviceId, moduleId) is { } problem ? problem : TypedResults.Ok(hub.GetTwin(deviceId, moduleId));

    private static async Task<Results<Ok<DevHubDesiredDto>, ProblemHttpResult>> PatchDesired(
        string deviceId,
        string moduleId,
        JsonObject? patch,
        DevIotHub hub,
        CancellationToken cancellationToken)
    {
        if (Invalid(deviceId, moduleId) is { } problem)
        {
            return problem;
        }

        if (patch is null)
        {
            return TypedResults.Problem("The body must be a JSON object (a merge patch of desired properties).", statusCode: StatusCodes.Status400BadRequest);
        }

        var (version, pushed) = await hub.UpdateDesiredAsync(deviceId, moduleId, patch, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new DevHubDesiredDto(version, pushed));
    }

    private static ProblemHttpResult? Invalid(string deviceId, string moduleId) =>
        ProducerId.IsValid(deviceId) && ProducerId.IsValid(moduleId)
            ? null
            : TypedResults.Problem("deviceId and moduleId must be 1–128 characters of [A-Za-z0-9._:-].", statusCode: StatusCodes.Status400BadRequest);
}

internal sealed record DevHubDeviceRequest(string? DeviceId, string? ModuleId);

/// <summary>What an IoT Hub client needs to join: MQTT/TLS on <c>GatewayHostName:MqttTlsPort</c>, or the WebSocket URL; trust <c>CaCertificatePem</c>.</summary>
internal sealed record DevHubDeviceDto(
    string DeviceId,
    string ModuleId,
    string ConnectionString,
    string HostName,
    string GatewayHostName,
    int MqttTlsPort,
    string WebSocketUrl,
    int MqttPlainPort,
    string CaCertificatePem);

internal sealed record DevHubDesiredDto(long Version, bool Pushed);
