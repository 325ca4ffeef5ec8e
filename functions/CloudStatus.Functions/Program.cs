using CloudStatus.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Under the Functions host (custom handler) the app must listen where the host forwards requests.
if (Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } port)
{
    builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
}

builder.Services.AddCloudStatusCentral(builder.Configuration);
var app = builder.Build();
app.MapCloudStatusCentral();
await app.RunAsync();
