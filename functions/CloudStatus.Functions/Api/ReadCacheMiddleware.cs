using System.Globalization;
using System.Security.Cryptography;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CloudStatus.Functions.Api;

/// <summary>
/// Serves the list reads marked <see cref="ReadCacheable"/> from memory for <see cref="ReadCacheOptions.MaxAge"/>
/// (docs/adr/0182). Keyed by the caller's tenant scope, path and query, so one tenant's page is never another's;
/// runs after authorization. Past the max age one reader refreshes while the others get the previous page; a refresh
/// that meets a busy store serves the previous page too (stale-if-error), up to <see cref="ReadCacheOptions.StaleIfError"/>.
/// Answers carry a strong ETag, and <c>If-None-Match</c> with it answers 304. A request with <c>Cache-Control: no-cache</c>
/// reads through.
/// </summary>
internal sealed class ReadCacheMiddleware(RequestDelegate next, ReadCache cache, IOptions<ReadCacheOptions> options, TimeProvider time, ILogger<ReadCacheMiddleware> logger)
{
    private readonly ReadCacheOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        if (_options.MaxAge <= TimeSpan.Zero || !HttpMethods.IsGet(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<ReadCacheable>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var key = Key(context);
        var now = time.GetUtcNow();
        var cached = !AsksForAFreshRead(context.Request) && cache.Get(key) is { } found && now - found.StoredAt < _options.StaleIfError ? found : null;
        if (cached is not null && (now - cached.StoredAt < _options.MaxAge || !cached.TryStartRefresh()))
        {
            await ServeAsync(context, cached, now).ConfigureAwait(false);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (TransientStoreException ex) when (cached is not null && !context.Response.HasStarted)
        {
            context.Response.Body = original;
            context.Response.Clear();
            Log.ReadCacheServedStale(logger, context.Request.Path.Value ?? "/", (int)(now - cached.StoredAt).TotalMilliseconds, ex.Message);
            await ServeAsync(context, cached, now).ConfigureAwait(false);
            return;
        }
        finally
        {
            context.Response.Body = original;
            cached?.EndRefresh();
        }

        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var body = buffer.ToArray();
        var entry = new ReadCacheEntry(body, context.Response.ContentType, ETagOf(body), now);
        cache.Set(key, entry);
        await ServeAsync(context, entry, now).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>Cache-Control: no-cache</c> (or <c>max-age=0</c>, or <c>Pragma: no-cache</c>) asks for the store's answer, as
    /// RFC 9111 §5.2.1 has it: read through, and the answer refreshes the kept page; a busy store answers 503 then.
    /// </summary>
    private static bool AsksForAFreshRead(HttpRequest request) =>
        (CacheControlHeaderValue.TryParse(request.Headers.CacheControl.ToString(), out var cacheControl)
         && (cacheControl.NoCache || cacheControl.MaxAge == TimeSpan.Zero))
        || request.Headers.Pragma.Any(v => string.Equals(v, "no-cache", StringComparison.OrdinalIgnoreCase));

    /// <summary>The caller's tenant scope (the only part of the caller a list answer depends on), then path and query.</summary>
    private static string Key(HttpContext context)
    {
        var scope = TenantScope.From(context.User);
        var tenants = scope.All ? CloudStatusClaims.AllTenants : string.Join(',', scope.Tenants.Order(StringComparer.Ordinal));
        return string.Concat(tenants, "\n", context.Request.Path.Value, context.Request.QueryString.Value);
    }

    private static string ETagOf(byte[] body) => "\"" + Convert.ToHexString(SHA256.HashData(body).AsSpan(0, 16)) + "\"";

    private async Task ServeAsync(HttpContext context, ReadCacheEntry entry, DateTimeOffset now)
    {
        var response = context.Response;
        response.Headers[HeaderNames.ETag] = entry.ETag;
        response.Headers[HeaderNames.CacheControl] = "private, max-age=" + ((int)Math.Ceiling(_options.MaxAge.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        response.Headers[HeaderNames.Age] = ((int)Math.Max(0, (now - entry.StoredAt).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == entry.ETag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = entry.ContentType;
        response.ContentLength = entry.Body.Length;
        await response.Body.WriteAsync(entry.Body, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>Marks a GET endpoint whose answers <see cref="ReadCacheMiddleware"/> may keep (a list read, never a command or a single item).</summary>
internal sealed class ReadCacheable
{
    public static readonly ReadCacheable Instance = new();
}
