using CloudStatus.Hosting.Telemetry;

namespace CloudStatus.Hosting.Tests.Telemetry;

public sealed class ApplicationInsightsCredentialTests
{
    [Theory]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555", "11111111-2222-3333-4444-555555555555")]
    [InlineData(" clientid = abc ; Authorization=AAD", "abc")]
    [InlineData("Authorization=AAD", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ClientId_AuthenticationString_IsTheManagedIdentityClientId(string? authentication, string? expected) =>
        Assert.Equal(expected, ApplicationInsightsCredential.ClientId(authentication));
}
