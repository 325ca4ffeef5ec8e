using CloudStatus.Functions.Commands;

namespace CloudStatus.Functions.Tests.Dispatch;

public sealed class DispatchOptionsTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.Empty(new DispatchOptions().Validate());

    [Theory]
    [InlineData("https://acct.queue.core.windows.net", null, "cloudstatus-dispatch", true)]
    [InlineData(null, "UseDevelopmentStorage=true", "cloudstatus-dispatch", true)]
    [InlineData(null, null, "cloudstatus-dispatch", false)]
    [InlineData("http://acct.queue.core.windows.net", null, "cloudstatus-dispatch", false)]
    [InlineData("https://acct.queue.core.windows.net", null, "Dispatch", false)]
    [InlineData("https://acct.queue.core.windows.net", null, "a--b", false)]
    [InlineData("https://acct.queue.core.windows.net", null, "a-name-so-long-that-its-poison-queue-would-pass-63-chars-x", false)]
    public void StorageQueue_EndpointAndName_AreChecked(string? uri, string? connectionString, string name, bool valid)
    {
        var options = new DispatchOptions
        {
            Kind = DispatchQueueKind.StorageQueue,
            QueueServiceUri = uri is null ? null : new Uri(uri),
            ConnectionString = connectionString,
            QueueName = name,
        };

        Assert.Equal(valid, options.Validate().Count == 0);
    }

    [Fact]
    public void CommandDeadline_ShorterThanTwoMethodTimeouts_IsRefused()
    {
        var errors = new CommandOptions { MethodTimeout = TimeSpan.FromSeconds(60), Deadline = TimeSpan.FromSeconds(90) }.Validate();

        Assert.Contains(errors, e => e.Contains("Deadline", StringComparison.Ordinal));
    }
}
