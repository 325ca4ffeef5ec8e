using CloudStatus.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloudStatus.Hosting.Tests.Validation;

public sealed class ValidatedOptionsExtensionsTests
{
    [Fact]
    public void AddValidatedOptions_InvalidSection_FailsWithEveryMessage()
    {
        using var services = Build(new() { ["Test:Count"] = "-1" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TestOptions>>().Value);

        Assert.Equal(["Test:Count must not be negative.", "Test:Name is required."], ex.Failures);
    }

    [Fact]
    public void AddValidatedOptions_ValidSection_Binds()
    {
        using var services = Build(new() { ["Test:Count"] = "3", ["Test:Name"] = "x" });

        var options = services.GetRequiredService<IOptions<TestOptions>>().Value;

        Assert.Equal((3, "x"), (options.Count, options.Name));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        // Twice, as two composed hosts would: the validator still runs once (one message each, not two).
        services.AddValidatedOptions<TestOptions>(configuration, "Test", o => o.Validate());
        services.AddValidatedOptions<TestOptions>(configuration, "Test", o => o.Validate());
        return services.BuildServiceProvider();
    }

    internal sealed class TestOptions
    {
        public int Count { get; set; }

        public string Name { get; set; } = string.Empty;

        public IEnumerable<string> Validate()
        {
            if (Count < 0)
            {
                yield return "Test:Count must not be negative.";
            }

            if (Name.Length == 0)
            {
                yield return "Test:Name is required.";
            }
        }
    }
}
