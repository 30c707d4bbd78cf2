; OGP Desktop: Windows installer (NSIS 3, Unicode, Modern UI 2). This file is UTF-8 with BOM.
;
; Built by packaging\windows\build.ps1 after PyInstaller has written dist\ogp-desktop\:
;   makensis /DVERSION=0.1.0 /DVI_VERSION=0.1.0.0 "/DPUBLISHER=..." ^
;            /DSOURCE_DIR=..\..\dist\ogp-desktop /DOUTFILE=..\..\dist\OGP-Desktop-Setup-0.1.0.exe ^
;            packaging\windows\ogp-desktop.nsi
; (tests/packaging/test_nsis.py compiles it on Linux against a placeholder folder.)
;
; - per-machine install under Program Files (administrator rights), Start-menu shortcut,
;   optional desktop shortcut (a page option; /NODESKTOP on the command line);
; - installer and uninstaller in Arabic or English (asked at start, remembered);
; - in-place upgrade: the product id below is fixed, so a new installer finds the previous
;   installation, runs its uninstaller silently (program files only) and installs the new
;   files in the same folder;
; - the uninstaller removes the program files, shortcuts and registry entries, never the
;   users' records (%LOCALAPPDATA%\ogp-desktop of each user);
; - silent install for IT: Setup.exe /S [/NODESKTOP] [/D=C:\path\without\quotes]
;   silent uninstall: "C:\Program Files\OGP Desktop\uninstall.exe" /S

Unicode true
ManifestDPIAware true
ManifestSupportedOS all
SetCompressor /SOLID lzma
RequestExecutionLevel admin

;--- defines passed by build.ps1 -------------------------------------------------------
!ifndef VERSION
  !error "VERSION is not defined: makensis /DVERSION=x.y.z … (packaging\windows\build.ps1 passes it)"
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${VERSION}.0"  ; four numbers for the file's version resource
!endif
!ifndef PUBLISHER
  !define PUBLISHER "OGP Desktop developers"
!endif
!ifndef SOURCE_DIR
  !define SOURCE_DIR "${__FILEDIR__}\..\..\dist\ogp-desktop"
!endif
!ifndef OUTFILE
  !define OUTFILE "${__FILEDIR__}\..\..\dist\OGP-Desktop-Setup-${VERSION}.exe"
!endif
!ifndef ICON_FILE
  !define ICON_FILE "${__FILEDIR__}\..\..\resources\icons\ogp-desktop.ico"
!endif

!if /FileExists "${SOURCE_DIR}\ogp-desktop.exe"
!else
  !error "${SOURCE_DIR}\ogp-desktop.exe not found: freeze first (python packaging\build.py)"
!endif
!if /FileExists "${SOURCE_DIR}\ogp-desktop-cli.exe"
!else
  !error "${SOURCE_DIR}\ogp-desktop-cli.exe not found: freeze first (python packaging\build.py)"
!endif

;--- fixed identity: never change these (upgrades find the previous install by them) ---
!define PRODUCT_NAME "OGP Desktop"
!define PRODUCT_ID "OGPDesktop"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_ID}"
!define APP_KEY "Software\OGP Desktop"
!define APP_PATHS "Software\Microsoft\Windows\CurrentVersion\App Paths"
!define EXE "ogp-desktop.exe"
!define CLI_EXE "ogp-desktop-cli.exe"
!define SHORTCUT "OGP Desktop.lnk"

Name "${PRODUCT_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT_NAME}"
BrandingText "${PRODUCT_NAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

;--- Modern UI -------------------------------------------------------------------------
!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_NOTCHECKED
!define MUI_FINISHPAGE_RUN_TEXT "$(RunApp)"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchAsUser
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KeepsRecords)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; the first language is the default when Windows' own language is neither
!insertmacro MUI_LANGUAGE "Arabic"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecAppName ${LANG_ENGLISH} "OGP Desktop (required)"
LangString SecAppName ${LANG_ARABIC} "برنامج OGP Desktop (مطلوب)"
LangString SecDesktopName ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktopName ${LANG_ARABIC} "اختصار على سطح المكتب"
LangString RunApp ${LANG_ENGLISH} "Start OGP Desktop"
LangString RunApp ${LANG_ARABIC} "تشغيل OGP Desktop"
LangString KeepsRecords ${LANG_ENGLISH} "OGP Desktop will be removed from this computer. The records of every user (%LOCALAPPDATA%\ogp-desktop) are kept."
LangString KeepsRecords ${LANG_ARABIC} "ستُزال برامج OGP Desktop من هذا الحاسوب. تبقى سجلات كل مستخدم (%LOCALAPPDATA%\ogp-desktop) كما هي."
LangString NeedsWindows ${LANG_ENGLISH} "OGP Desktop needs 64-bit Windows 10 (version 1809) or newer."
LangString NeedsWindows ${LANG_ARABIC} "يحتاج OGP Desktop إلى نظام Windows 10 ‏(الإصدار 1809) أو أحدث، بإصدار 64 بت."
LangString StillRunning ${LANG_ENGLISH} "OGP Desktop is running. Close it (in every user session) and choose Retry."
LangString StillRunning ${LANG_ARABIC} "برنامج OGP Desktop قيد التشغيل. أغلقه (في جلسات جميع المستخدمين) ثم اختر إعادة المحاولة."
LangString RemovingPrevious ${LANG_ENGLISH} "Removing the program files of the previous version (records are kept)…"
LangString RemovingPrevious ${LANG_ARABIC} "إزالة ملفات الإصدار السابق من البرنامج (تبقى السجلات)…"

;--- version resource of Setup.exe -----------------------------------------------------
VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT_NAME} ${VERSION} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "${PUBLISHER}; GPL-3.0-or-later"

;--- helpers ---------------------------------------------------------------------------
; A running .exe can not be opened for writing: that tells whether OGP Desktop still runs
; from the folder on the stack (in any user session). Retry or cancel the installation.
!macro DEFINE_ABORT_IF_RUNNING UN
Function ${UN}AbortIfRunning
  Exch $R0
  Push $R1
  Push $R2
  Push $R3
  ${ForEach} $R1 0 1 + 1
    ${If} $R1 == 0
      StrCpy $R2 "$R0\${EXE}"
    ${Else}
      StrCpy $R2 "$R0\${CLI_EXE}"
    ${EndIf}
    ${If} ${FileExists} "$R2"
      ${Do}
        ClearErrors
        FileOpen $R3 "$R2" a
        ${IfNot} ${Errors}
          FileClose $R3
          ${Break}
        ${EndIf}
        MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
        SetErrorLevel 2
        Abort "$(StillRunning)"
        retry:
      ${Loop}
    ${EndIf}
  ${Next}
  Pop $R3
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd
!macroend
!insertmacro DEFINE_ABORT_IF_RUNNING ""
!insertmacro DEFINE_ABORT_IF_RUNNING "un."

Function LaunchAsUser
  ; Setup runs elevated; starting the program through Explorer starts it as the signed-in
  ; user, so it opens that user's records, not the administrator's.
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${EXE}"'
FunctionEnd

Function RemovePrevious
  ReadRegStr $R0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $R0 == ""
  ${OrIfNot} ${FileExists} "$R0\uninstall.exe"
    Return
  ${EndIf}
  DetailPrint "$(RemovingPrevious)"
  ; _?= runs the old uninstaller in place and waits for it; it removes program files only
  ClearErrors
  ExecWait '"$R0\uninstall.exe" /S _?=$R0' $R1
  ${If} ${Errors}
  ${OrIf} $R1 != 0
    DetailPrint "previous uninstaller: exit code $R1; installing over the old files"
  ${EndIf}
  Delete "$R0\uninstall.exe"
  RMDir "$R0"
FunctionEnd

;--- sections --------------------------------------------------------------------------
Section "!$(SecAppName)" SecApp
  SectionIn RO
  SetShellVarContext all
  SetRegView 64

  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
    Push $0
    Call AbortIfRunning
  ${EndIf}
  Push $INSTDIR
  Call AbortIfRunning
  Call RemovePrevious

  SetOutPath "$INSTDIR"
  File /r "${SOURCE_DIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  WriteRegStr HKLM "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${APP_KEY}" "Version" "${VERSION}"
  WriteRegDWORD HKLM "${APP_KEY}" "DesktopShortcut" 0
  ; `ogp-desktop` in Win+R and `start ogp-desktop-cli` find the program
  WriteRegStr HKLM "${APP_PATHS}\${EXE}" "" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${APP_PATHS}\${CLI_EXE}" "" "$INSTDIR\${CLI_EXE}"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktopName)" SecDesktop
  SetShellVarContext all
  SetRegView 64
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  WriteRegDWORD HKLM "${APP_KEY}" "DesktopShortcut" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  Push $INSTDIR
  Call un.AbortIfRunning

  ; exactly what the installer put there: never a recursive delete of $INSTDIR itself,
  ; which an administrator may have pointed at a shared folder
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"
  DeleteRegKey HKLM "${APP_PATHS}\${EXE}"
  DeleteRegKey HKLM "${APP_PATHS}\${CLI_EXE}"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  ; (an upgrading installer has read its defaults from here before it runs this uninstaller)
  DeleteRegKey HKLM "${APP_KEY}"
  ; kept: every user's records and settings (%LOCALAPPDATA%\ogp-desktop, HKCU\Software\ogp-desktop)
SectionEnd

;--- start-up --------------------------------------------------------------------------
Function .onInit
  SetShellVarContext all
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows)" /SD IDOK
    SetErrorLevel 1
    Quit
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY

  ; upgrade: the folder of the installed version, unless /D= chose one
  ReadRegStr $0 HKLM "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} $INSTDIR == "$PROGRAMFILES64\${PRODUCT_NAME}"
    StrCpy $INSTDIR $0
  ${EndIf}

  ; the desktop shortcut: as last time, unless /NODESKTOP
  ClearErrors
  ReadRegDWORD $0 HKLM "${APP_KEY}" "DesktopShortcut"
  ${IfNot} ${Errors}
  ${AndIf} $0 == 0
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
  ${GetParameters} $1
  ClearErrors
  ${GetOptions} $1 "/NODESKTOP" $2
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetShellVarContext all
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd
