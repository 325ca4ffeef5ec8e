using System.Text.Json.Serialization;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// The IoT Edge workload API's JSON bodies (edgelet <c>workloadVersion_2018_06_28.yaml</c>): sign request and response,
/// trust bundle response, error response.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WorkloadSignRequest))]
[JsonSerializable(typeof(WorkloadSignResponse))]
[JsonSerializable(typeof(WorkloadTrustBundleResponse))]
[JsonSerializable(typeof(WorkloadErrorResponse))]
internal sealed partial class WorkloadApiJsonContext : JsonSerializerContext;

/// <param name="KeyId">The module key to sign with: <c>primary</c>.</param>
/// <param name="Algo">Always <c>HMACSHA256</c>.</param>
/// <param name="Data">base64 of the bytes to sign.</param>
internal sealed record WorkloadSignRequest(string KeyId, string Algo, string Data);

/// <param name="Digest">base64 of the HMAC: the SAS token's signature.</param>
internal sealed record WorkloadSignResponse(string? Digest);

/// <param name="Certificate">The trusted certificates as a PEM chain.</param>
internal sealed record WorkloadTrustBundleResponse(string? Certificate);

internal sealed record WorkloadErrorResponse(string? Message);
