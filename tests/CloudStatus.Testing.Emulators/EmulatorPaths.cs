namespace CloudStatus.Testing.Emulators;

/// <summary>Where the repo's npm emulator project lives (<c>tests/emulators</c>), found from the test binaries upward.</summary>
public static class EmulatorPaths
{
    private const string InstallHint = "Run scripts/deps/10-emulators.sh (or scripts/test-deps.sh) to install them from tests/emulators/package-lock.json.";

    /// <summary>The <c>tests/emulators</c> folder; throws with the install command when its node_modules is missing.</summary>
    public static string EmulatorsDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "emulators");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    if (!Directory.Exists(Path.Combine(candidate, "node_modules")))
                    {
                        throw new InvalidOperationException($"The emulators are not installed: {Path.Combine(candidate, "node_modules")} is missing. {InstallHint}");
                    }

                    return candidate;
                }
            }

            throw new InvalidOperationException($"tests/emulators/package.json was not found above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>A file of an installed npm package, or a clear error naming the install command.</summary>
    public static string PackageFile(string relativePath)
    {
        var path = Path.Combine(EmulatorsDirectory, "node_modules", relativePath);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing. {InstallHint}");
    }
}
