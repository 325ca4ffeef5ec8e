using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Under the Functions host (custom handler) the app listens on loopback where the host forwards invocations and
// HTTP requests; the host's triggers then replace the local stand-ins (see CustomHandlerMode).
if (builder.Configuration[CustomHandlerMode.PortVariable] is { Length: > 0 } port)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{CustomHandlerMode.ParsePort(port)}");
}

builder.Services.AddCloudStatusCentral(builder.Configuration);
var app = builder.Build();
app.MapCloudStatusCentral();
await app.RunAsync();
