using CloudStatus.Edge.Peers;

namespace CloudStatus.Edge.Tests.Peers;

/// <summary>
/// The site key files as the deployment manifest names them (docs/adr/0145, 0170): the key file must hold a key; the
/// previous key file is named always and exists only while a rotation is in progress.
/// </summary>
public sealed class PeerLinkOptionsTests : IDisposable
{
    private const string Key = "a-site-key-of-at-least-32-bytes-0123456789";
    private readonly string _directory = Directory.CreateTempSubdirectory("peer-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private PeerLinkOptions Options(string? current = Key)
    {
        if (current is not null)
        {
            File.WriteAllText(PathOf("site.key"), current);
        }

        return new PeerLinkOptions { KeyFile = PathOf("site.key"), PreviousKeyFile = PathOf("site.previous.key") };
    }

    [Fact]
    public void Validate_PreviousKeyFileNamedButAbsent_Valid()
    {
        Assert.Empty(Options().Validate());
    }

    [Fact]
    public void Validate_PreviousKeyFilePresentButTooShort_Refused()
    {
        var options = Options();
        File.WriteAllText(PathOf("site.previous.key"), "short");

        Assert.Contains(options.Validate(), e => e.Contains("PreviousKeyFile", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_KeyFileAbsent_RefusedNamingTheSetting()
    {
        Assert.Contains(Options(current: null).Validate(), e => e.Contains("KeyFile", StringComparison.Ordinal) && e.Contains("cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_PreviousKeyFileAppearsThenGoes_AcceptedOnlyWhileItIsThere()
    {
        var options = Options();
        var keys = new PeerKeys(options);
        Assert.Single(keys.All);

        File.WriteAllText(PathOf("site.previous.key"), "the-key-being-rotated-out-0123456789abcdef");
        var during = keys.All.Count;
        File.Delete(PathOf("site.previous.key"));

        Assert.Equal((2, 1), (during, keys.All.Count));
    }
}
