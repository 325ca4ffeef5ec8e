using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace CloudStatus.Functions.Api;

/// <summary>
/// A CSV download written as it is read: the header record, then each batch of records (one store page) formatted,
/// written and flushed before the next batch is asked for, so an export never holds more than one page. Once the
/// first bytes are sent the status is fixed: a store failure mid-stream aborts the response.
/// </summary>
internal sealed class CsvStreamResult(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IEnumerable<string?[]>> batches)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "text/csv";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType + "; charset=utf-8";

    public string FileName => fileName;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";

        var cancellationToken = httpContext.RequestAborted;
        var text = new StringBuilder();
        Csv.AppendRecord(text, [.. header]);
        await WriteAsync(response, text, cancellationToken).ConfigureAwait(false);
        await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in batch)
            {
                Csv.AppendRecord(text, record);
            }

            await WriteAsync(response, text, cancellationToken).ConfigureAwait(false);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));
    }

    private static async Task WriteAsync(HttpResponse response, StringBuilder text, CancellationToken cancellationToken)
    {
        foreach (var chunk in text.GetChunks())
        {
            Encoding.UTF8.GetBytes(chunk.Span, response.BodyWriter);
        }

        text.Clear();
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
