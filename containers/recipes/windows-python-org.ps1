# windows-python-org: the python.org Windows installer with its free-threaded binaries.
# Platforms: host:windows
#
#   python-<release>-<arch>.exe /quiet InstallAllUsers=0 TargetDir=<dir> Include_freethreaded=1 ...
#   -> <dir>\python3.Xt.exe
#   GIL twin (FTMATRIX_BASELINE=twin): <dir>\python.exe, reported only
#
# Runs on a Windows agent through the host executor (a local process in a fresh temporary
# directory, the working directory), with the contract of containers/README.md: one
# FTMATRIX-PYTHON / FTMATRIX-FAILURE line on stdout, exit 0 / 3. PowerShell 5.1 or 7.
#
# Where the commands come from:
#   - CPython Doc/using/windows.rst, "Installing Without UI": /quiet and the name=value options
#     (InstallAllUsers, TargetDir, Include_launcher, PrependPath, Shortcuts, AssociateFiles,
#     Include_test, Include_doc); "Installing Free-threaded Binaries": Include_freethreaded=1
#     (3.13 and later), which installs python3.13t.exe next to python.exe.
#   - The py-free-threading guide: `python-3.13.1-amd64.exe /quiet Include_freethreaded=1`, giving
#     ...\Python313\python3.13t.exe. Its warning applies: the free-threaded and GIL interpreters
#     share site-packages, so this recipe installs into its own TargetDir under the work directory.
#   - The installer's download layout: https://www.python.org/ftp/python/<X.Y.Z>/python-<release>-<arch>.exe
#   - The GIL twin: Include_freethreaded adds python3.Xt.exe to an install whose python.exe is the GIL interpreter
#     of the same release (Doc/using/windows.rst: "Install free-threaded binaries", default 0, next to the
#     default install), so the installer without that option installs exactly that python.exe. Nothing more is
#     installed for it; with a twin asked for, the recipe checks and reports it.
#   - python/cpython#125223: `py -3.13t` fails ("Unknown option: -3"), so the launcher is not
#     installed (Include_launcher=0) and the interpreter is reported by its path.
#
# Leaves the downloaded installer in the work directory: a per-user install is registered with
# Windows, and the host executor removes it afterwards with `<installer> /quiet /uninstall`. If
# the same release is already installed for the user, the installer modifies that installation
# instead of installing into TargetDir; that shows up as `build` ("no python3.Xt.exe in TargetDir").
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   version     full release, e.g. 3.13.9. Default: the matrix's patch, else the pin for the minor
#               (lib/common.ps1: 3.13 -> 3.13.15, 3.14 -> 3.14.7, 3.15 -> 3.15.2, the same as the bash recipes).
#   base_url    default https://www.python.org/ftp/python (python.org's layout; mirrors, file://).
#   target_dir  default <work directory>\python<FTMATRIX_PYTHON>.
#
# Verified: not-run-here (needs a Windows agent; WindowsRecipeTablesTest checks its messages)
# Pin: cpython 3.13.15 (source: python.org release 3.13.15)
# Pin: cpython 3.14.7 (source: python.org release 3.14.7)
# Pin: cpython 3.15.2 (source: Debian sid python3.15 3.15.2-1, which packages upstream 3.15.2)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
#   network: the installer exited non-zero after failing to download one of its packages (the free-threaded
#   binaries come from python.org during the install; the log's download error is quoted).
#   build: the installer exited non-zero otherwise (1603 fatal error, 1618 another installation running,
#   ...; the last error line of its log is quoted) or left no python3.Xt.exe.
# Not run on the machines ftmatrix is developed on (no PowerShell there); checked by reading.

. (Join-Path $PSScriptRoot 'lib\common.ps1')

# Lines of the installer's log (WiX Burn), first match wins. The installer downloads the free-threaded binaries
# (and any other package not in the .exe) from python.org while it installs, whatever base_url says, and logs a
# failed download as "Error 0x...: Failed attempt to download URL: '<url>' to: '<path>'", then "Failed to acquire
# payload from: '<url>' ..." (adang1345/PythonWindows#6, a python.org installer's log); 0x80072eXX are WinINet's
# connection errors (name not resolved, timeout, connection reset).
$InstallerLogFailures = @(
    , @('network', 'Failed attempt to download URL|Failed to acquire payload|Failed to send request to URL|0x80072e[0-9a-f]{2}')
)
Initialize-FtmRecipe 'windows-python-org'

try {
    Assert-FtmParamsAllowed @('version', 'base_url', 'target_dir')
    Read-FtmPythonInputs
    Assert-FtmFreeThreaded
    Assert-FtmWindows

    $release = Resolve-FtmRelease
    switch ($env:PROCESSOR_ARCHITECTURE) {
        'AMD64' { $arch = 'amd64' }
        'ARM64' { $arch = 'arm64' }
        default { Exit-FtmFailure 'unsupported' "no free-threaded python.org installer for $($env:PROCESSOR_ARCHITECTURE)" }
    }
    $work = (Get-Location).Path
    $baseUrl = (Get-FtmParam 'base_url' 'https://www.python.org/ftp/python').TrimEnd('/')
    $numeric = $release -replace '(a|b|rc)\d+$', ''
    $installer = Join-Path $work "python-$release-$arch.exe"
    Invoke-FtmDownload "$baseUrl/$numeric/python-$release-$arch.exe" $installer

    $target = Get-FtmParam 'target_dir' (Join-Path $work "python$($script:FtmPython)")
    $installLog = Join-Path $script:FtmLogDir 'installer.log'
    $installerArgs = @('/quiet', '/log', "`"$installLog`"", 'InstallAllUsers=0', "TargetDir=`"$target`"",
        'Include_freethreaded=1', 'Include_launcher=0', 'InstallLauncherAllUsers=0', 'Shortcuts=0',
        'AssociateFiles=0', 'PrependPath=0', 'Include_test=0', 'Include_doc=0', 'Include_pip=1')
    Write-FtmLog "$installer $($installerArgs -join ' ')"
    # Redirected so nothing the installer might print reaches the result stream.
    $process = Start-Process -FilePath $installer -ArgumentList $installerArgs -Wait -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $script:FtmLogDir 'installer.stdout') `
        -RedirectStandardError (Join-Path $script:FtmLogDir 'installer.stderr')
    $status = $process.ExitCode
    if ($status -ne 0 -and $status -ne 3010) {
        $category = 'build'
        $line = ''
        if (Test-Path -LiteralPath $installLog) {
            foreach ($logLine in Get-Content -LiteralPath $installLog) {
                $found = Get-FtmCategory $logLine $InstallerLogFailures
                if ($found) { $category = $found; $line = $logLine; break }
            }
            if (-not $line) {
                $line = @(Select-String -LiteralPath $installLog -Pattern 'error|failed' | Select-Object -Last 1 | ForEach-Object { $_.Line }) -join ''
            }
        }
        Exit-FtmFailure $category "the installer exited $status (log $installLog): $line"
    }

    $python = Join-Path $target "python$($script:FtmMinor)t.exe"
    if (-not (Test-Path -LiteralPath $python -PathType Leaf)) {
        Exit-FtmFailure 'build' ("the installer exited $status but $target has no python$($script:FtmMinor)t.exe " +
            '(an installation of the same release for this user is modified instead of installed; uninstall it)')
    }
    Test-FtmInterpreter $python 'build' 'the python.org installer'
    if (Test-FtmTwinWanted) { Test-FtmTwin (Join-Path $target 'python.exe') 'the python.org installer (python.exe)' }
    Exit-FtmSuccess $python
} catch {
    Exit-FtmUnexpected $_
}
