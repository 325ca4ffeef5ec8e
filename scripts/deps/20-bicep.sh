#!/usr/bin/env bash
# Bicep CLI for the infra tests (tests/CloudStatus.Infra.Tests runs `bicep build` and `bicep lint`).
# Source: the NuGet package Azure.Bicep.CommandLine.linux-x64, restored with `dotnet restore` from the NuGet
# sources this machine is configured with (a PackageDownload in a throwaway project), so no other download is
# needed. Result: .tools/bicep/bicep (the folder is git-ignored). Idempotent: does nothing when that binary
# already reports the pinned version.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=0.49.2
package=Azure.Bicep.CommandLine.linux-x64
dest="$root/.tools/bicep"
bin="$dest/bicep"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version $version "; then
  echo "bicep $version already in .tools/bicep"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Empty Directory.*.props stop MSBuild from picking up any found further up the tree.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Build.targets"
echo '<Project />' > "$work/Directory.Packages.props"
cat > "$work/bicep-download.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$package" Version="[$version]" />
  </ItemGroup>
</Project>
XML
dotnet restore "$work/bicep-download.csproj" --packages "$work/packages" -nologo -v quiet

source_bin="$work/packages/$(echo "$package" | tr '[:upper:]' '[:lower:]')/$version/tools/bicep"
if [ ! -f "$source_bin" ]; then
  echo "bicep: $package $version restored but tools/bicep is missing" >&2
  exit 1
fi
mkdir -p "$dest"
cp "$source_bin" "$bin.tmp"
chmod 0755 "$bin.tmp"
mv -f "$bin.tmp" "$bin"
"$bin" --version
