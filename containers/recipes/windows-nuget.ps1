# windows-nuget: the free-threaded CPython NuGet package (python-freethreaded) on Windows.
# Platforms: host:windows
#
#   Invoke-WebRequest <base_url>/python-freethreaded/<version> -OutFile python-freethreaded.<version>.nupkg
#   via install-package (default, the documented commands):
#     Install-Package python-freethreaded -Scope CurrentUser -Source <work dir>
#     <package dir>\tools    (found with Get-Package)
#   via expand (the same package, unzipped; no PackageManagement provider involved):
#     Expand-Archive python-freethreaded.<version>.zip <work dir>\python-freethreaded
#   -> <package>\tools\python3.Xt.exe   (tools\python.exe if the package has no python3.Xt.exe)
#   GIL twin (FTMATRIX_BASELINE=twin): the same steps for package python (pythonarm64, pythonx86) of the same
#   version -> <package>\tools\python.exe
#
# Runs on a Windows agent through the host executor (a local process in a fresh temporary
# directory, the working directory), with the contract of containers/README.md: one
# FTMATRIX-PYTHON / FTMATRIX-FAILURE line on stdout, exit 0 / 3. PowerShell 5.1 or 7.
#
# Where the commands come from:
#   - The py-free-threading guide's Windows CI example: `$url =
#     'https://www.nuget.org/api/v2/package/python-freethreaded/3.13.1'`, `Invoke-WebRequest $url
#     -OutFile 'python-freethreaded.3.13.1.nupkg'`, `Install-Package python-freethreaded -Scope
#     CurrentUser -Source $pwd`, then `<dir>\tools` (and tools\Scripts) on PATH.
#   - CPython's PC/layout nuspec data: package ids python-freethreaded (amd64),
#     pythonarm64-freethreaded, pythonx86-freethreaded; files under tools\. NuGet writes
#     prereleases as 3.14.0-rc1.
#   - CPython Doc/using/windows.rst, "The nuget.org packages": the package is a zip; `nuget.exe
#     install` only unpacks it, which is what the expand variant does without nuget.exe.
#   - The GIL twin: CPython's PC/layout nuspec data also names the GIL packages python, pythonarm64 and pythonx86,
#     built from the same release by the same release process as the -freethreaded ones; their interpreter is
#     tools\python.exe. Doc/using/windows.rst lists both ("python" and "python-freethreaded" on nuget.org).
#   - The seed reference's Tier 3 note ("PowerShell execution policy conflicts"): the host
#     executor starts recipes with -ExecutionPolicy Bypass; Install-Package's NuGet provider may
#     need bootstrapping from the internet (-ForceBootstrap), a failure reported as network.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   version   CPython release, e.g. 3.13.9 or 3.14.0rc1. Default: the matrix's patch, else the pin
#             for the minor (lib/common.ps1: 3.13 -> 3.13.15, 3.14 -> 3.14.7, 3.15 -> 3.15.2).
#   base_url  default https://www.nuget.org/api/v2/package (layout <base_url>/<id>/<version>;
#             a feed mirror or file:// directory for air-gapped CI).
#   via       install-package (default) | expand
#
# Verified: not-run-here (needs a Windows agent; WindowsRecipeTablesTest checks its messages)
# Pin: cpython 3.13.15 (source: python.org release 3.13.15)
# Pin: cpython 3.14.7 (source: python.org release 3.14.7)
# Pin: cpython 3.15.2 (source: Debian sid python3.15 3.15.2-1, which packages upstream 3.15.2)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
#   not-found: HTTP 404 for the package version; Install-Package "No match was found".
#   network:   download failures; a package that does not unzip; provider bootstrap failures (checked
#              before not-found: their message also begins "No match was found").
#   build:     the package holds no interpreter under tools\, or it does not run.
# Not run on the machines ftmatrix is developed on (no PowerShell there); checked by reading.

. (Join-Path $PSScriptRoot 'lib\common.ps1')

# Install-Package's failures, first match wins. The provider's bootstrap first: when PackageManagement cannot
# download the NuGet provider it also says "No match was found", "... for the provider 'NuGet'. The package
# provider requires 'PackageManagement' and 'Provider' tags." (PowerShell/PowerShell#21204; after "Unable to
# download the list of available providers. Check your internet connection.", DrJohnT/
# AzureDevOpsExtensionsForSqlServer#54). A package that is not in the source reads "No match was found for the
# specified search criteria and package name '<id>'." (OneGet/oneget#172).
$InstallPackageFailures = @(
    , @('network', "for the provider '|package provider requires|Unable to download|internet connection|bootstrap|connect|resolve|timed out")
    , @('not-found', 'No match was found')
)
Initialize-FtmRecipe 'windows-nuget'

# Install-NugetPackage <id>: the package's directory, or @('<category>', '<detail>') when it cannot be had. Never
# exits, so the GIL twin goes through it too. Reads $work, $baseUrl, $nugetVersion and $via.
function Install-NugetPackage([string]$Id) {
    $nupkg = Join-Path $work "$Id.$nugetVersion.nupkg"
    $failure = Get-FtmDownloadFailure "$baseUrl/$Id/$nugetVersion" $nupkg
    if ($failure) { return , $failure }
    if ($via -eq 'expand') {
        $zip = [IO.Path]::ChangeExtension($nupkg, '.zip')   # Windows PowerShell's Expand-Archive wants .zip
        Copy-Item -LiteralPath $nupkg -Destination $zip -Force
        $packageDir = Join-Path $work $Id
        try {
            Expand-Archive -LiteralPath $zip -DestinationPath $packageDir -Force
        } catch {
            return , @('network', "$nupkg does not unzip (truncated download?): $($_.Exception.Message)")
        }
        return $packageDir
    }
    Write-FtmLog "Install-Package $Id -RequiredVersion $nugetVersion -Scope CurrentUser -Source $work"
    try {
        Install-Package -Name $Id -RequiredVersion $nugetVersion -Source $work -ProviderName NuGet `
            -Scope CurrentUser -Force -ForceBootstrap | Out-Null
    } catch {
        $message = $_.Exception.Message
        $category = Get-FtmCategory $message $InstallPackageFailures
        if (-not $category) { $category = 'internal' }
        return , @($category, "Install-Package ${Id}: $message")
    }
    $installed = Get-Package -Name $Id -RequiredVersion $nugetVersion -ProviderName NuGet
    return Split-Path -Parent $installed.Source
}

# The GIL twin: package <id> of the same version, tools\python.exe. Never ends the recipe.
function Install-Twin([string]$GilId) {
    $result = Install-NugetPackage $GilId
    if ($result -is [array]) {
        Write-FtmTwinFailed "NuGet package $GilId ${nugetVersion}: $($result[1])"
        return
    }
    Test-FtmTwin (Join-Path (Join-Path $result 'tools') 'python.exe') "NuGet package $GilId $nugetVersion"
}

try {
    Assert-FtmParamsAllowed @('version', 'base_url', 'via')
    Read-FtmPythonInputs
    Assert-FtmFreeThreaded
    Assert-FtmWindows

    $via = Get-FtmParam 'via' 'install-package'
    if (@('install-package', 'expand') -notcontains $via) {
        Exit-FtmFailure 'unsupported' "via '$via' is not one of: install-package, expand"
    }
    $release = Resolve-FtmRelease
    $nugetVersion = $release -replace '^(\d+\.\d+\.\d+)(a|b|rc)(\d+)$', '$1-$2$3'
    switch ($env:PROCESSOR_ARCHITECTURE) {
        'AMD64' { $packageId = 'python-freethreaded'; $gilPackageId = 'python' }
        'ARM64' { $packageId = 'pythonarm64-freethreaded'; $gilPackageId = 'pythonarm64' }
        'x86' { $packageId = 'pythonx86-freethreaded'; $gilPackageId = 'pythonx86' }
        default { Exit-FtmFailure 'unsupported' "no free-threaded NuGet package for $($env:PROCESSOR_ARCHITECTURE)" }
    }
    $work = (Get-Location).Path
    $baseUrl = (Get-FtmParam 'base_url' 'https://www.nuget.org/api/v2/package').TrimEnd('/')
    $packageDir = Install-NugetPackage $packageId
    if ($packageDir -is [array]) { Exit-FtmFailure $packageDir[0] $packageDir[1] }

    $tools = Join-Path $packageDir 'tools'
    $python = Join-Path $tools "python$($script:FtmMinor)t.exe"
    if (-not (Test-Path -LiteralPath $python -PathType Leaf)) { $python = Join-Path $tools 'python.exe' }
    Write-FtmLog "package $packageId $nugetVersion in $packageDir"
    Test-FtmInterpreter $python 'build' "NuGet package $packageId $nugetVersion"
    if (Test-FtmTwinWanted) { Install-Twin $gilPackageId }
    Exit-FtmSuccess $python
} catch {
    Exit-FtmUnexpected $_
}
