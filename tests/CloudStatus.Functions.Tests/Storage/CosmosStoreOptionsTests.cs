using CloudStatus.Functions.Storage.Cosmos;

namespace CloudStatus.Functions.Tests.Storage;

public sealed class CosmosStoreOptionsTests
{
    [Fact]
    public void Validate_AzureAccountWithoutKey_IsValid()
    {
        Assert.Empty(new CosmosStoreOptions { AccountEndpoint = "https://acct.documents.azure.com:443/" }.Validate());
    }

    [Fact]
    public void Validate_NoEndpoint_NamesTheSetting()
    {
        var error = Assert.Single(new CosmosStoreOptions().Validate());

        Assert.Contains("CloudStatus:Central:Store:Cosmos:AccountEndpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpEndpointBadKeyAndCertificateWithoutKey_ReportsEach()
    {
        var errors = new CosmosStoreOptions
        {
            AccountEndpoint = "http://localhost:8081/",
            Key = "not base64!",
            MaxConcurrentWrites = 0,
            Database = "a/b",
        }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains(":AccountEndpoint", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":Key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":MaxConcurrentWrites", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(":Database", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmulatorCertificateWithoutKey_IsRefused()
    {
        var errors = new CosmosStoreOptions { AccountEndpoint = "https://127.0.0.1:8081/", EmulatorCertificatePath = "/nonexistent/cert.pem" }.Validate();

        Assert.Contains(errors, e => e.Contains("needs CloudStatus:Central:Store:Cosmos:Key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not exist", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, 250)]
    [InlineData(101, 250)]
    [InlineData(30, 5)]
    [InlineData(30, 31_000)]
    public void Validate_TransientReadRetriesOutOfRange_NamesTheSetting(int retries, int maxDelayMs)
    {
        var error = Assert.Single(new CosmosStoreOptions
        {
            AccountEndpoint = "https://acct.documents.azure.com:443/",
            TransientReadRetries = retries,
            TransientReadMaxDelay = TimeSpan.FromMilliseconds(maxDelayMs),
        }.Validate());

        Assert.Contains(":TransientRead", error, StringComparison.Ordinal);
    }
}
