using System.Globalization;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CloudStatus.Functions.Hosting;

/// <summary>
/// A store still throttled or unavailable after its retries answers 503 problem details with <c>Retry-After</c>
/// (what the store asked for, rounded up to whole seconds, at least <see cref="DefaultRetryAfter"/>), never 500:
/// the request was fine, the caller should try again.
/// </summary>
internal sealed class StoreBusyExceptionHandler(IProblemDetailsService problemDetails, ILogger<StoreBusyExceptionHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TransientStoreException busy)
        {
            return false;
        }

        var seconds = RetryAfterSeconds(busy.RetryAfter);
        Log.StoreBusyAnswered(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", seconds, busy.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Store busy",
                Detail = $"The status store is throttled or unavailable; nothing was lost. Try again in {seconds} s.",
            },
        }).ConfigureAwait(false);
    }

    /// <summary>Whole seconds (HTTP's unit), rounded up, never below <see cref="DefaultRetryAfter"/>.</summary>
    internal static int RetryAfterSeconds(TimeSpan? retryAfter) =>
        (int)Math.Ceiling(Math.Max((retryAfter ?? DefaultRetryAfter).TotalSeconds, DefaultRetryAfter.TotalSeconds));
}
