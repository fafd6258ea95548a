# Shared helpers for the Windows recipes (recipes/windows-*.ps1). Dot-sourced, never run alone.
#
# Same contract as the bash recipes (containers/README.md): the inputs come from the environment
# (FTMATRIX_PYTHON, FTMATRIX_PYTHON_VERSION, FTMATRIX_PYTHON_MINOR, FTMATRIX_PARAM_<KEY>, FTMATRIX_BASELINE); stdout
# holds exactly one result line, `FTMATRIX-PYTHON: <path>` (exit 0) or
# `FTMATRIX-FAILURE: <category>: <detail>` (exit 3), preceded, when a GIL twin was asked for, by one
# `FTMATRIX-TWIN: <path>` or `FTMATRIX-TWIN-FAILED: <detail>` line (as lib/twin.sh); progress goes to stderr. The Windows recipes
# run on a Windows agent through the host executor (a local process in a fresh temporary
# directory, which is the working directory), not in a container.
#
# Everything a recipe prints goes through [Console]::Error, never Write-Host or the pipeline:
# with `powershell -File`, host and pipeline output both end up on stdout. Commands whose output
# is not wanted are piped to Out-Null.
#
# Usage in a recipe:
#   . (Join-Path $PSScriptRoot 'lib\common.ps1')
#   Initialize-FtmRecipe 'windows-nuget'
#   try { ...; Exit-FtmSuccess $python } catch { Exit-FtmUnexpected $_ }

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$script:FtmCategories = @('network', 'not-found', 'build', 'unsupported', 'internal')
# The python.org releases the recipes install by default, per minor. Keep in step with
# FTM_CPYTHON_PINNED_RELEASE in lib/cpython-source.sh (the bash recipes' pins).
$script:FtmPinnedRelease = @{ '3.13' = '3.13.15'; '3.14' = '3.14.7'; '3.15' = '3.15.2' }
$script:FtmRecipe = 'recipe'
$script:FtmResultPrinted = $false
$script:FtmLogDir = $null
$script:FtmInstalledRelease = ''

function Initialize-FtmRecipe([string]$Name) {
    $script:FtmRecipe = $Name
    $script:FtmLogDir = Join-Path (Get-Location).Path 'ftmatrix-logs'
    New-Item -ItemType Directory -Force -Path $script:FtmLogDir | Out-Null
}

function Write-FtmLog([string]$Message) {
    $time = (Get-Date).ToUniversalTime().ToString('HH:mm:ss')
    [Console]::Error.WriteLine("[ftmatrix $time $($script:FtmRecipe)] $Message")
}

function Write-FtmResult([string]$Line) {
    if ($script:FtmResultPrinted) {
        Write-FtmLog "result already printed; dropping: $Line"
        return
    }
    $script:FtmResultPrinted = $true
    [Console]::Out.WriteLine($Line)
    [Console]::Out.Flush()
}

function Exit-FtmFailure([string]$Category, [string]$Detail) {
    if ($script:FtmCategories -notcontains $Category) {
        $Detail = "unknown failure category '$Category': $Detail"
        $Category = 'internal'
    }
    $text = ($Detail -replace "[`r`n`t]+", ' ').Trim()
    if ($text.Length -eq 0) { $text = 'no detail given' }
    if ($text.Length -gt 600) { $text = $text.Substring(0, 597) + '...' }
    Write-FtmResult "FTMATRIX-FAILURE: ${Category}: $text"
    exit 3
}

function Exit-FtmSuccess([string]$Interpreter) {
    if (-not $Interpreter -or -not (Test-Path -LiteralPath $Interpreter -PathType Leaf)) {
        Exit-FtmFailure 'internal' "Exit-FtmSuccess called with '$Interpreter', which is not a file"
    }
    Write-FtmResult "FTMATRIX-PYTHON: $Interpreter"
    exit 0
}

# Get-FtmCategory <text> <table>: the category of the first row of the table whose regex matches the text
# (-match, so case-insensitive), else $null. A recipe keeps a tool's messages in such a table, one literal row
# @('<category>', '<regex>') per line, first match winning; the unit tests read those rows and check them
# against the tools' exact messages, since no PowerShell runs where ftmatrix is developed.
function Get-FtmCategory([string]$Text, [object[]]$Table) {
    foreach ($row in $Table) {
        if ($Text -match $row[1]) { return $row[0] }
    }
    return $null
}

# For the catch block around a recipe's body: an exception nobody mapped is a recipe bug.
function Exit-FtmUnexpected($ErrorRecord) {
    $where = "line $($ErrorRecord.InvocationInfo.ScriptLineNumber)"
    Exit-FtmFailure 'internal' "unexpected failure at ${where}: $($ErrorRecord.Exception.Message)"
}

# The value of `with: {<key>: ...}`, passed as FTMATRIX_PARAM_<KEY>; empty counts as unset.
function Get-FtmParam([string]$Key, [string]$Default = '') {
    $value = [Environment]::GetEnvironmentVariable('FTMATRIX_PARAM_' + $Key.ToUpperInvariant())
    if ([string]::IsNullOrEmpty($value)) { return $Default }
    return $value
}

# Fails `unsupported` on any FTMATRIX_PARAM_* the recipe does not know.
function Assert-FtmParamsAllowed([string[]]$Known) {
    foreach ($item in @(Get-ChildItem Env: | Where-Object { $_.Name -like 'FTMATRIX_PARAM_*' })) {
        $key = $item.Name.Substring('FTMATRIX_PARAM_'.Length).ToLowerInvariant()
        if ($Known -notcontains $key) {
            Exit-FtmFailure 'unsupported' "unknown parameter '$key' for $($script:FtmRecipe) (known: $($Known -join ' '))"
        }
    }
}

# Reads and cross-checks FTMATRIX_PYTHON*, like ftm_read_python_inputs in lib/common.sh. Sets
# $script:FtmPython, FtmVersion, FtmMinor, FtmMajorNum, FtmMinorNum, FtmPatch, FtmFreeThreaded.
function Read-FtmPythonInputs {
    foreach ($name in 'FTMATRIX_PYTHON', 'FTMATRIX_PYTHON_VERSION', 'FTMATRIX_PYTHON_MINOR') {
        if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) {
            Exit-FtmFailure 'internal' "$name is not set; the engine must pass it"
        }
    }
    $script:FtmPython = $env:FTMATRIX_PYTHON
    $m = [regex]::Match($script:FtmPython, '^(\d+)\.(\d+)(\.\d+)?(t?)$')
    if (-not $m.Success) {
        Exit-FtmFailure 'unsupported' "python '$($script:FtmPython)' is not of the form X.Y, X.Yt, X.Y.Z or X.Y.Zt"
    }
    $script:FtmMajorNum = [int]$m.Groups[1].Value
    $script:FtmMinorNum = [int]$m.Groups[2].Value
    $script:FtmMinor = "$($m.Groups[1].Value).$($m.Groups[2].Value)"
    $script:FtmVersion = $script:FtmMinor + $m.Groups[3].Value
    $script:FtmPatch = ''
    if ($m.Groups[3].Value) { $script:FtmPatch = $script:FtmVersion }
    $script:FtmFreeThreaded = [bool]$m.Groups[4].Value
    if ($env:FTMATRIX_PYTHON_VERSION -ne $script:FtmVersion -or $env:FTMATRIX_PYTHON_MINOR -ne $script:FtmMinor) {
        Exit-FtmFailure 'internal' ("inconsistent inputs: FTMATRIX_PYTHON=$($script:FtmPython) " +
            "FTMATRIX_PYTHON_VERSION=$($env:FTMATRIX_PYTHON_VERSION) FTMATRIX_PYTHON_MINOR=$($env:FTMATRIX_PYTHON_MINOR) " +
            "(expected $($script:FtmVersion) and $($script:FtmMinor))")
    }
}

function Assert-FtmFreeThreaded {
    if (-not $script:FtmFreeThreaded) {
        Exit-FtmFailure 'unsupported' ("$($script:FtmRecipe) installs free-threaded CPython only; " +
            "write the python as $($script:FtmVersion)t, not $($script:FtmPython)")
    }
    if ($script:FtmMajorNum -ne 3 -or $script:FtmMinorNum -lt 13) {
        Exit-FtmFailure 'unsupported' "free-threaded CPython exists from 3.13 on; $($script:FtmPython) has no such build"
    }
}

function Assert-FtmWindows {
    if ($env:OS -ne 'Windows_NT') {
        Exit-FtmFailure 'unsupported' "$($script:FtmRecipe) runs on Windows agents only"
    }
}

# The python.org release to install: the `version` parameter, else the matrix's patch, else the
# pin; the same rules as ftm_cpython_resolve_release in lib/cpython-source.sh.
function Resolve-FtmRelease {
    $release = Get-FtmParam 'version'
    if ($release -and $script:FtmPatch -and $release -ne $script:FtmPatch) {
        Exit-FtmFailure 'unsupported' "parameter version=$release contradicts python $($script:FtmPython)"
    }
    if (-not $release) { $release = $script:FtmPatch }
    if (-not $release -and $script:FtmPinnedRelease.ContainsKey($script:FtmMinor)) {
        $release = $script:FtmPinnedRelease[$script:FtmMinor]
    }
    if (-not $release) {
        Exit-FtmFailure 'unsupported' ("no pinned python.org release for $($script:FtmMinor) " +
            "(pinned: $(@($script:FtmPinnedRelease.Keys | Sort-Object) -join ' ')); give one with 'with: {version: $($script:FtmMinor).N}'")
    }
    $m = [regex]::Match($release, '^(\d+\.\d+)\.\d+((a|b|rc)\d+)?$')
    if (-not $m.Success) {
        Exit-FtmFailure 'unsupported' "version '$release' is not a CPython release like $($script:FtmMinor).0 or $($script:FtmMinor).0rc1"
    }
    if ($m.Groups[1].Value -ne $script:FtmMinor) {
        Exit-FtmFailure 'unsupported' "version $release is not a $($script:FtmMinor) release (python $($script:FtmPython))"
    }
    return $release
}

# The HTTP status of a failed web request, or 0: Windows PowerShell's WebException and
# PowerShell 7's HttpResponseException both carry a Response; a refused connection has none.
function Get-FtmHttpStatus($ErrorRecord) {
    $property = $ErrorRecord.Exception.PSObject.Properties['Response']
    if ($null -eq $property -or $null -eq $property.Value) { return 0 }
    try { return [int]$property.Value.StatusCode } catch { return 0 }
}

# Downloads a URL (https, http or file://) to a file, retrying transient failures like
# ftm_download's curl --retry 3. Fails not-found on HTTP 404/410 or a missing file, network on
# anything else.
function Invoke-FtmDownload([string]$Url, [string]$OutFile) {
    $failure = Get-FtmDownloadFailure $Url $OutFile
    if ($failure) { Exit-FtmFailure $failure[0] $failure[1] }
}

# The download itself: $null when the file is there, else @('<category>', '<detail>'), so a GIL twin's download
# can fail without ending the recipe.
function Get-FtmDownloadFailure([string]$Url, [string]$OutFile) {
    Write-FtmLog "downloading $Url"
    if ($Url -like 'file:*') {
        $path = ([Uri]$Url).LocalPath
        if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { return , @('not-found', "cannot read $Url") }
        Copy-Item -LiteralPath $path -Destination $OutFile -Force
        return $null
    }
    for ($attempt = 1; $attempt -le 4; $attempt++) {
        try {
            Invoke-WebRequest -UseBasicParsing -Uri $Url -OutFile $OutFile -TimeoutSec 1800 | Out-Null
            Write-FtmLog ("downloaded {0:N1} MB to {1}" -f ((Get-Item -LiteralPath $OutFile).Length / 1048576), $OutFile)
            return $null
        } catch {
            $status = Get-FtmHttpStatus $_
            if ($status -eq 404 -or $status -eq 410) { return , @('not-found', "$Url does not exist (HTTP $status)") }
            $reason = $_.Exception.Message
            if ($status -ne 0 -and $status -lt 500) { return , @('network', "download of $Url failed (HTTP $status)") }
            if ($attempt -eq 4) { return , @('network', "download of $Url failed: $reason") }
            Write-FtmLog "attempt $attempt failed ($reason); retrying"
            Start-Sleep -Seconds (2 * $attempt)
        }
    }
}

# Invoke-FtmPython <interpreter> <code>: runs `<interpreter> -c <code>` and returns its output lines (stderr
# included, as strings) and its exit status; a failing native command does not stop the script.
function Invoke-FtmPython([string]$Interpreter, [string]$Code) {
    $previous = $ErrorActionPreference
    $ErrorActionPreference = 'Continue'
    try {
        $lines = @(& $Interpreter -c $Code 2>&1 | ForEach-Object { "$_" })
        $status = $LASTEXITCODE
    } finally {
        $ErrorActionPreference = $previous
    }
    return , @($lines, $status)
}

# Runs the interpreter once; it must be the cell's minor (and patch, if the matrix gave one).
# Fails $Category when it is missing or does not run, not-found when it is another release.
function Test-FtmInterpreter([string]$Interpreter, [string]$Category, [string]$What) {
    if (-not (Test-Path -LiteralPath $Interpreter -PathType Leaf)) {
        Exit-FtmFailure $Category "${What}: $Interpreter is not there"
    }
    $code = 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.version.replace("\n", " "))'
    $out, $status = Invoke-FtmPython $Interpreter $code
    if ($status -ne 0 -or $out.Count -lt 2) {
        Exit-FtmFailure $Category "${What}: $Interpreter does not run (exit $status): $($out -join ' ')"
    }
    $release = $out[0].Trim()
    $script:FtmInstalledRelease = $release
    Write-FtmLog "${Interpreter}: $($out[1])"
    if (-not $release.StartsWith("$($script:FtmMinor).")) {
        Exit-FtmFailure 'not-found' "${What}: $Interpreter is CPython $release, not $($script:FtmMinor)"
    }
    if ($script:FtmPatch -and $release -ne $script:FtmPatch) {
        Exit-FtmFailure 'not-found' "${What}: $Interpreter is CPython $release, not $($script:FtmPatch)"
    }
}

# ---- the GIL twin (smoke.baseline: twin, passed as FTMATRIX_BASELINE; as lib/twin.sh) ------------------------
# A twin never decides the cell: these functions print their one contract line and return, never exit.

function Test-FtmTwinWanted {
    return $env:FTMATRIX_BASELINE -eq 'twin'
}

function Write-FtmTwinFailed([string]$Detail) {
    $text = ($Detail -replace "[`r`n`t]+", ' ').Trim()
    if ($text.Length -eq 0) { $text = 'no detail given' }
    if ($text.Length -gt 600) { $text = $text.Substring(0, 597) + '...' }
    Write-FtmLog "no GIL twin: $text"
    [Console]::Out.WriteLine("FTMATRIX-TWIN-FAILED: $text")
    [Console]::Out.Flush()
}

# Test-FtmTwin <interpreter> <what>: the twin must run, be the free-threaded interpreter's release
# ($script:FtmInstalledRelease, set by Test-FtmInterpreter) and run with the GIL; then it is reported.
function Test-FtmTwin([string]$Interpreter, [string]$What) {
    if (-not (Test-Path -LiteralPath $Interpreter -PathType Leaf)) {
        Write-FtmTwinFailed "${What}: $Interpreter is not there"
        return
    }
    $code = 'import sys; print("%d.%d.%d" % sys.version_info[:3], int(sys._is_gil_enabled()))'
    $out, $status = Invoke-FtmPython $Interpreter $code
    if ($status -ne 0 -or $out.Count -lt 1) {
        Write-FtmTwinFailed "${What}: $Interpreter does not run (exit $status): $($out -join ' ')"
        return
    }
    $release, $gil = $out[0].Trim() -split ' ', 2
    if ($release -ne $script:FtmInstalledRelease) {
        Write-FtmTwinFailed ("${What}: $Interpreter is CPython $release, the free-threaded interpreter " +
            "$($script:FtmInstalledRelease): not the same release")
        return
    }
    if ($gil -ne '1') {
        Write-FtmTwinFailed "${What}: $Interpreter does not run with the GIL enabled"
        return
    }
    Write-FtmLog "GIL twin $Interpreter (CPython $release)"
    [Console]::Out.WriteLine("FTMATRIX-TWIN: $Interpreter")
    [Console]::Out.Flush()
}
