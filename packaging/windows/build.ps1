<#
.SYNOPSIS
    Build the OGP Desktop Windows installer on a Windows build machine, in one command.

.DESCRIPTION
    From a clean clone, with Python 3.11+ and NSIS 3 installed (see packaging\windows\README.md):
      1. creates the build venv (.venv-build) and installs the project with its gui and
         build extras (PySide6-Essentials, PySide6-Pdf, PyInstaller);
      2. runs packaging\build.py: compiles the catalogs and freezes the program into
         dist\ogp-desktop\ (ogp-desktop.exe windowed, ogp-desktop-cli.exe console);
      3. compiles packaging\windows\ogp-desktop.nsi with makensis into
         dist\OGP-Desktop-Setup-<version>.exe (version from pyproject.toml);
      4. runs the frozen program's --version and --self-test (offscreen), both executables.
    Stops at the first failure with a non-zero exit code.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Python "py -3.12" -Publisher "Ministry of Planning and International Cooperation"
#>
[CmdletBinding()]
param(
    # How to start the Python that creates the venv: "py -3.11" (the python.org launcher) or a path.
    [string]$Python = "",
    [string]$Venv = ".venv-build",
    [string]$Publisher = "OGP Desktop developers",
    # Path of makensis.exe; by default PATH, then the NSIS installer's usual folders.
    [string]$MakeNsis = "",
    [switch]$SkipSelfTest,
    # GNU FriBidi's DLL (the PDFs' bidi levels, loaded with ctypes): by default
    # packaging\windows\fribidi-0.dll, then MSYS2's UCRT64 libfribidi-0.dll.
    [string]$FriBidiDll = ""
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Started = Get-Date

function Step([string]$Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    Write-Host "$ $Exe $($Arguments -join ' ')"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$Exe $($Arguments -join ' ')' failed (exit code $LASTEXITCODE)" }
}

function Get-FolderSize([string]$Path) {
    (Get-ChildItem -Path $Path -Recurse -File | Measure-Object -Property Length -Sum).Sum
}

# --- 1. venv ---------------------------------------------------------------------------
Step "Python venv $Venv"
$VenvPython = Join-Path $Root "$Venv\Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    if ($Python -eq "") {
        if (Get-Command py -ErrorAction SilentlyContinue) { $Python = "py -3.11" }
        elseif (Get-Command python -ErrorAction SilentlyContinue) { $Python = "python" }
        else { throw "Python not found: install Python 3.11 or newer from python.org (with the py launcher)" }
    }
    $parts = $Python -split " "
    $pyArgs = @()
    if ($parts.Length -gt 1) { $pyArgs = $parts[1..($parts.Length - 1)] }
    Invoke-Checked $parts[0] ($pyArgs + @("-m", "venv", $Venv))
}
Invoke-Checked $VenvPython @("-m", "pip", "install", "--upgrade", "pip")
Invoke-Checked $VenvPython @("-m", "pip", "install", "-e", ".[gui,build]")

# --- GNU FriBidi -----------------------------------------------------------------------
# ogp_desktop\pdf\fribidi.py loads fribidi-0.dll with ctypes; ogp-desktop.spec bundles the
# copy made here (build\windows\fribidi-0.dll) next to the program's modules.
Step "GNU FriBidi DLL"
if ($FriBidiDll -eq "") {
    foreach ($candidate in @((Join-Path $Root "packaging\windows\fribidi-0.dll"),
                             "C:\msys64\ucrt64\bin\libfribidi-0.dll")) {
        if (Test-Path $candidate) { $FriBidiDll = $candidate; break }
    }
}
if ($FriBidiDll -eq "" -or -not (Test-Path $FriBidiDll)) {
    throw "fribidi-0.dll not found: see packaging\windows\README.md (GNU FriBidi), or pass -FriBidiDll C:\path\fribidi-0.dll"
}
New-Item -ItemType Directory -Force -Path (Join-Path $Root "build\windows") | Out-Null
Copy-Item -Force $FriBidiDll (Join-Path $Root "build\windows\fribidi-0.dll")
Write-Host "fribidi: $FriBidiDll"

# --- 2. freeze -------------------------------------------------------------------------
Step "freeze (packaging\build.py: catalogs, PyInstaller, version check)"
Invoke-Checked $VenvPython @("packaging\build.py")
$Frozen = Join-Path $Root "dist\ogp-desktop"
$Cli = Join-Path $Frozen "ogp-desktop-cli.exe"
$Gui = Join-Path $Frozen "ogp-desktop.exe"
foreach ($exe in @($Cli, $Gui)) { if (-not (Test-Path $exe)) { throw "$exe was not built" } }

$Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or $Version -eq "") { throw "could not read the version from pyproject.toml" }
# The version resource wants four numbers: 1.2.3rc1 -> 1.2.3.0
$numbers = @([regex]::Matches(($Version -replace '(a|b|rc|dev|\+).*$', ''), '\d+') | ForEach-Object { $_.Value })
while ($numbers.Count -lt 4) { $numbers += "0" }
$ViVersion = ($numbers[0..3]) -join "."

# --- 3. installer ----------------------------------------------------------------------
Step "installer (makensis)"
if ($MakeNsis -eq "") {
    $cmd = Get-Command makensis -ErrorAction SilentlyContinue
    if ($cmd) { $MakeNsis = $cmd.Source }
    else {
        foreach ($candidate in @("${env:ProgramFiles(x86)}\NSIS\makensis.exe", "$env:ProgramFiles\NSIS\makensis.exe")) {
            if (Test-Path $candidate) { $MakeNsis = $candidate; break }
        }
    }
}
if ($MakeNsis -eq "" -or -not (Test-Path $MakeNsis)) {
    throw "makensis not found: install NSIS 3 (winget install NSIS.NSIS) or pass -MakeNsis C:\path\makensis.exe"
}
$Setup = Join-Path $Root "dist\OGP-Desktop-Setup-$Version.exe"
Invoke-Checked $MakeNsis @(
    "/V3", "/WX",
    "/DVERSION=$Version",
    "/DVI_VERSION=$ViVersion",
    "/DPUBLISHER=$Publisher",
    "/DSOURCE_DIR=$Frozen",
    "/DOUTFILE=$Setup",
    (Join-Path $Root "packaging\windows\ogp-desktop.nsi")
)

# --- 4. self-test ----------------------------------------------------------------------
if (-not $SkipSelfTest) {
    Step "self-test of the frozen program (offscreen, temporary database)"
    $env:QT_QPA_PLATFORM = "offscreen"
    try {
        $said = (& $Cli --version).Trim()
        if ($said -ne "ogp-desktop $Version") { throw "ogp-desktop-cli.exe --version says '$said', pyproject.toml says $Version" }
        Write-Host $said
        Invoke-Checked $Cli @("--self-test")
        # the windowed executable has no console: judged by its exit code
        $p = Start-Process -FilePath $Gui -ArgumentList "--self-test" -Wait -PassThru
        if ($p.ExitCode -ne 0) { throw "ogp-desktop.exe --self-test failed (exit code $($p.ExitCode)); run ogp-desktop-cli.exe --self-test to see why" }
        Write-Host "ogp-desktop.exe --self-test: exit code 0"
    }
    finally {
        Remove-Item Env:QT_QPA_PLATFORM -ErrorAction SilentlyContinue
    }
}

# --- sizes -----------------------------------------------------------------------------
Step "done in $([int]((Get-Date) - $Started).TotalSeconds) s"
"{0,-40} {1,8:N1} MB" -f "dist\ogp-desktop\", ((Get-FolderSize $Frozen) / 1MB) | Write-Host
"{0,-40} {1,8:N1} MB" -f "dist\$(Split-Path $Setup -Leaf)", ((Get-Item $Setup).Length / 1MB) | Write-Host
