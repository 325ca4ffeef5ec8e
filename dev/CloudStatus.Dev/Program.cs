using System.Security.Cryptography;
using CloudStatus.Dev.Cli;
using CloudStatus.Dev.Stack;
using Microsoft.AspNetCore.Builder;

return await DevCommand.Create(RunAsync).Parse(args).InvokeAsync().ConfigureAwait(false);

static async Task<int> RunAsync(DevStackOptions options, CancellationToken cancellationToken)
{
    var generated = options.DevToken is null;
    options = options with { DevToken = options.DevToken ?? Base64UrlToken() };
    await using var app = DevStack.Build(options);
    await app.StartAsync(cancellationToken).ConfigureAwait(false);
    Console.WriteLine(DevBanner.Render(options, app.Urls, generated));
    await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    return 0;
}

static string Base64UrlToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
