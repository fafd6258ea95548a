# windows-install-manager: free-threaded CPython from the Python install manager (`py install 3.14t`) on Windows.
# Platforms: host:windows
#
#   pymanager install --yes --log <log> --target <dir> [--source <index.json>] <X.Y[.Z]t>
#   -> <dir>\python3.Xt.exe   (<dir>\python.exe if the runtime has no python3.Xt.exe)
#   GIL twin (FTMATRIX_BASELINE=twin):
#   pymanager install --yes --log <log> --target <dir>-gil [--source <index.json>] <X.Y.Z>   -> <dir>-gil\python.exe
#
# Runs on a Windows agent through the host executor (a local process in a fresh temporary
# directory, the working directory), with the contract of containers/README.md: one
# FTMATRIX-PYTHON / FTMATRIX-FAILURE line on stdout, exit 0 / 3. PowerShell 5.1 or 7.
#
# Where the commands come from (python/pymanager @ 31b79ba99fd02b990d2c4486ba38667c0619ccb8):
#   - src/manage/commands.py, the install command's help: `-t, --target=<PATH>  Extract runtime to location
#     instead of installing` (example `py install --target=.\runtime 3.13-arm64`), `-s, --source=<URI>  Specify
#     index.json to use`; the global options `-y, --yes  Always accept confirmation prompts` and `--log <file>`.
#     DEFAULT_SOURCE_URL is https://www.python.org/ftp/python/index-windows.json.
#   - src/manage/install_command.py: with --target the runtime is extracted into that directory and its
#     __install__.json removed, so nothing is registered with Windows or added to the user's install_dir: the
#     interpreter and its site-packages live in a directory of their own, removed with the work directory.
#   - CPython Doc/using/windows.rst, "Installing free-threaded binaries": `py install 3.14t` (and 3.14t-arm64,
#     3.14t-32) installs the free-threaded build.
#   - The GIL twin: python.org's index lists each release twice, as <X.Y.Z> (GIL) and <X.Y.Z>t (free-threaded),
#     both built by the same release process (Doc/using/windows.rst: `py install 3.14` and `py install 3.14t`).
#     The twin asks for the exact release the free-threaded runtime turned out to be, so a newer patch published
#     in between is not taken for it.
#   - src/pymanager/appxmanifest.xml: the manager's execution aliases include pymanager.exe, a name the legacy
#     py.exe launcher does not have (python/cpython#125223: the legacy launcher rejects `-3.13t`), so the recipe
#     calls pymanager, never py.
#
# The install manager itself is not installed by the recipe: it comes with the agent (python.org's MSIX or MSI,
# or the Windows Store). An agent without a `pymanager` command fails `unsupported`.
#
# Parameters (matrix `with:` keys, passed as FTMATRIX_PARAM_<KEY>):
#   source      index.json URL or path for --source (a mirror or an offline index made with
#               `py install --download`). Default: the manager's configured source (python.org's index).
#   target_dir  default <work directory>\python<FTMATRIX_PYTHON>.
#
# Verified: not-run-here (needs a Windows agent; WindowsRecipeTablesTest checks its messages)
# Emits FTMATRIX-FAILURE categories: unsupported, network, not-found, build, internal.
#   network:   the index or a runtime could not be fetched or verified ("Failed to download. Please connect to
#              the internet ...", "Unable to access runtimes index at ...", a hash or signature failure);
#              checked before not-found: offline, the bundled fallback index answers next and says "Failed to
#              find a suitable install for ..." too.
#   not-found: the index has no runtime for the tag ("Failed to find a suitable install for '3.15t'.").
#   build:     the manager exited non-zero otherwise (its [ERROR] lines are quoted), or the target directory
#              holds no interpreter that runs.
# Not run on the machines ftmatrix is developed on (no PowerShell there); checked by reading.

. (Join-Path $PSScriptRoot 'lib\common.ps1')

# The install manager's messages (console [ERROR] lines on stderr, and the --log file, which adds the traceback of
# the exception), matched against all of its output, first row wins. Sources, python/pymanager @
# 31b79ba99fd02b990d2c4486ba38667c0619ccb8:
#   src/manage/urlutils.py: "Failed to download. Please connect to the internet and try again." (WinHTTP finds no
#     connection, NoInternetError); "Unable to access runtimes index at %s: %s" (an OSError fetching index.json);
#     "Unable to find runtimes index at %s" (index.json answers 404: the source, not the runtime, is missing);
#     "An unexpected error occurred while downloading the index: %s"; "The signature for %s could not be
#     loaded." / "... could not be verified.".
#   src/manage/exceptions.py: HashMismatchError "The downloaded file could not be verified and has been deleted.
#     Please try again."; InvalidFeedError "There is an issue with the feed at %s. Please check your settings and
#     try again.".
#   src/manage/install_command.py: "Failed to find a suitable install for '%s'." (the index has no such tag);
#     "Hash mismatch: %s:%s (expected %s)" (in the log's traceback).
#   src/manage/exceptions.py: NoInstallFoundError "No runtime installed that matches %s. ..."; src/manage/
#     install_command.py, select_package: "Could not find a runtime matching '%s' at '%s'" (--by-id).
# A runtime's download that fails inside BITS or WinHTTP reaches the console only as "An error occurred. Please
# check any output above, or the log file, and try again."; the log's traceback then names the OSError, which
# Python writes as "[WinError 12xxx] ..." for WinHTTP's errors (12002 timeout, 12007 name not resolved, 12029
# cannot connect, 12030 connection aborted).
$InstallManagerFailures = @(
    , @('network', 'Please connect to the internet|NoInternetError|Unable to access runtimes index|Unable to find runtimes index|error occurred while downloading the index|could not be verified and has been deleted|Hash mismatch|HashMismatchError|The signature for .* could not be|There is an issue with the feed|WinError 12[0-9]{3}')
    , @('not-found', 'Failed to find a suitable install for|No runtime installed that matches|Could not find a runtime matching')
)
Initialize-FtmRecipe 'windows-install-manager'

# Invoke-Pymanager <tag> <target> <log name>: `pymanager install` of one tag into a directory of its own. Returns
# @(<exit status>, <all its output lines>, <log path>); never exits, so the GIL twin goes through it too. Reads
# $manager and $source.
function Invoke-Pymanager([string]$Tag, [string]$Target, [string]$Name) {
    $installLog = Join-Path $script:FtmLogDir "$Name.log"
    $managerArgs = @('install', '--yes', '--log', "`"$installLog`"", '--target', "`"$Target`"")
    if ($source) { $managerArgs += @('--source', "`"$source`"") }
    $managerArgs += $Tag
    Write-FtmLog "$($manager.Path) $($managerArgs -join ' ')"
    $stdout = Join-Path $script:FtmLogDir "$Name.stdout"
    $stderr = Join-Path $script:FtmLogDir "$Name.stderr"
    # Redirected so nothing the manager prints reaches the result stream.
    $process = Start-Process -FilePath $manager.Path -ArgumentList $managerArgs -Wait -PassThru -NoNewWindow `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $output = @()
    foreach ($file in $stderr, $stdout, $installLog) {
        if (Test-Path -LiteralPath $file) { $output += @(Get-Content -LiteralPath $file) }
    }
    foreach ($line in $output) { Write-FtmLog "pymanager: $line" }
    return , @($process.ExitCode, $output, $installLog)
}

# The [ERROR] lines of the manager's output, joined.
function Get-PymanagerErrors([object[]]$Output) {
    return (@($Output | Where-Object { $_ -match '^\[ERROR\] ' } | ForEach-Object { $_ -replace '^\[ERROR\] ', '' }) -join ' | ')
}

# The GIL twin: the same release without the t, in <target>-gil. Never ends the recipe.
function Install-Twin([string]$Target) {
    $tag = $script:FtmInstalledRelease
    $status, $output, $installLog = Invoke-Pymanager $tag "$Target-gil" 'pymanager-gil'
    if ($status -ne 0) {
        Write-FtmTwinFailed "pymanager install $tag exited $status (log $installLog): $(Get-PymanagerErrors $output)"
        return
    }
    Test-FtmTwin (Join-Path "$Target-gil" 'python.exe') "pymanager install --target $Target-gil $tag"
}

try {
    Assert-FtmParamsAllowed @('source', 'target_dir')
    Read-FtmPythonInputs
    Assert-FtmFreeThreaded
    Assert-FtmWindows

    $manager = Get-Command -Name 'pymanager' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $manager) {
        Exit-FtmFailure 'unsupported' ('no pymanager command on this agent: install the Python install manager ' +
            "(python.org's MSIX or MSI) first")
    }
    $work = (Get-Location).Path
    $tag = "$($script:FtmVersion)t"
    $target = Get-FtmParam 'target_dir' (Join-Path $work "python$($script:FtmPython)")
    $source = Get-FtmParam 'source'
    $status, $output, $installLog = Invoke-Pymanager $tag $target 'pymanager'
    if ($status -ne 0) {
        $category = Get-FtmCategory ($output -join "`n") $InstallManagerFailures
        if (-not $category) { $category = 'build' }
        Exit-FtmFailure $category "pymanager install $tag exited $status (log $installLog): $(Get-PymanagerErrors $output)"
    }

    $python = Join-Path $target "python$($script:FtmMinor)t.exe"
    if (-not (Test-Path -LiteralPath $python -PathType Leaf)) { $python = Join-Path $target 'python.exe' }
    Test-FtmInterpreter $python 'build' "pymanager install --target $target $tag"
    if (Test-FtmTwinWanted) { Install-Twin $target }
    Exit-FtmSuccess $python
} catch {
    Exit-FtmUnexpected $_
}
