using CloudStatus.Functions.Api;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Functions.Tests.Api;

public sealed class ReadCacheOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new ReadCacheOptions().Validate());
        Assert.Empty(new IngestOptions().Validate());
    }

    [Theory]
    [InlineData(-1, 30, 64, "MaxAge")]
    [InlineData(61, 120, 64, "MaxAge")]
    [InlineData(5, 2, 64, "StaleIfError")]
    [InlineData(1, 30, 0, "MaxBytes")]
    public void Validate_OutOfRange_NamesTheSetting(int maxAgeSeconds, int staleSeconds, int megabytes, string setting)
    {
        var options = new ReadCacheOptions
        {
            MaxAge = TimeSpan.FromSeconds(maxAgeSeconds),
            StaleIfError = TimeSpan.FromSeconds(staleSeconds),
            MaxBytes = megabytes * 1024L * 1024,
        };

        Assert.Contains(options.Validate(), e => e.Contains(ReadCacheOptions.SectionName + ":" + setting, StringComparison.Ordinal));
    }

    [Fact]
    public void IngestValidate_MaxDelayBelowTheFirstDelay_NamesTheSetting() =>
        Assert.Contains(
            new IngestOptions { RetryDelay = TimeSpan.FromSeconds(3), RetryMaxDelay = TimeSpan.FromSeconds(2) }.Validate(),
            e => e.Contains(IngestOptions.SectionName + ":RetryMaxDelay", StringComparison.Ordinal));
}
