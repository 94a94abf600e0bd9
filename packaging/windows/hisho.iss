; Inno Setup script for Hisho on Windows (built by .github/workflows/release.yml after
; `pyinstaller packaging/hisho.spec`). Per-user install, no administrator rights needed;
; your conversations and library (in %LOCALAPPDATA%\Hisho) stay when uninstalling.

#define AppName "Hisho"
#define AppVersion GetEnv("HISHO_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E3C2A1B-5D4F-4B8E-9C7A-1F2E3D4C5B6A}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Hisho
DefaultDirName={localappdata}\Programs\Hisho
DefaultGroupName=Hisho
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=hisho-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\assets\icons\hisho.ico
UninstallDisplayIcon={app}\hisho.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\hisho\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Hisho"; Filename: "{app}\hisho.exe"
Name: "{autoprograms}\Hisho quick prompt"; Filename: "{app}\hisho.exe"; Parameters: "--quick"
Name: "{autodesktop}\Hisho"; Filename: "{app}\hisho.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\hisho.exe"; Description: "{cm:LaunchProgram,Hisho}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the start-at-login entry Hisho may have added; the user's data is kept.
Type: files; Name: "{userstartup}\Hisho.lnk"
