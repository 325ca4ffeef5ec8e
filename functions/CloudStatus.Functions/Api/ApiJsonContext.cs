using System.Text.Json.Serialization;

namespace CloudStatus.Functions.Api;

/// <summary>Source-generated JSON of HTTP API v1 (camelCase), first in the HTTP JSON options' resolver chain.</summary>
[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServerDto))]
[JsonSerializable(typeof(IReadOnlyList<ServerDto>))]
[JsonSerializable(typeof(ProducerDto))]
[JsonSerializable(typeof(PageDto<ProducerDto>))]
[JsonSerializable(typeof(IReadOnlyList<ProcessGroupDto>))]
[JsonSerializable(typeof(SiteDto))]
[JsonSerializable(typeof(IReadOnlyList<SiteDto>))]
[JsonSerializable(typeof(SiteDetailDto))]
[JsonSerializable(typeof(IReadOnlyList<ConnectivityDto>))]
[JsonSerializable(typeof(SiteMatrixDto))]
[JsonSerializable(typeof(PageDto<EventDto>))]
[JsonSerializable(typeof(EventPageDto))]
[JsonSerializable(typeof(HistoryDto))]
[JsonSerializable(typeof(CommandRequestDto))]
[JsonSerializable(typeof(CommandAcceptedDto))]
[JsonSerializable(typeof(CommandDto))]
[JsonSerializable(typeof(PageDto<DeadLetterDto>))]
[JsonSerializable(typeof(IReadOnlyList<ConflictDto>))]
[JsonSerializable(typeof(ConflictDto))]
[JsonSerializable(typeof(ResolveConflictDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
