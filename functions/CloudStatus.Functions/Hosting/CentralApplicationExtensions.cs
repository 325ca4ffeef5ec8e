using CloudStatus.Functions.Api;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.Dashboard;
using CloudStatus.Hosting.Health;
using Microsoft.AspNetCore.Builder;

namespace CloudStatus.Functions.Hosting;

/// <summary>The middleware and endpoints of central; call once on the built app.</summary>
public static class CentralApplicationExtensions
{
    /// <summary>
    /// Problem details for exceptions and bare status codes, the dashboard's static files at <c>/</c> (anonymous),
    /// authentication, authorization, <c>/openapi/v1.json</c>, <c>/healthz</c> and <c>/readyz</c> (anonymous) and <c>/api/v1</c>; under the Functions
    /// host also the trigger invocation endpoints.
    /// </summary>
    public static WebApplication MapCloudStatusCentral(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardFiles();
        app.MapDashboardConfig();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ReadCacheMiddleware>();
        app.MapOpenApi().AllowAnonymous();
        app.MapCloudStatusHealth();
        app.MapCentralApi();
        if (CustomHandlerMode.IsActive(app.Configuration))
        {
            app.MapCustomHandlerInvocations();
        }

        return app;
    }
}
