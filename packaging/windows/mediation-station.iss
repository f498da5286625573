; Inno Setup 6 script: the installer of the one-folder build (dist\mediation-station), made by build.bat.
; Per-user by default (no administrator needed on a locked-down office PC); the dialog offers all users.
; Uninstalling removes the program only: the stations' data is in %LOCALAPPDATA%\MediationStation, untouched.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root "..\.."

[Setup]
AppId={{7E4B2C1A-5D3F-4A8E-9B61-2F0C8D7A4E19}
AppName=调解工作站
AppVersion={#AppVersion}
AppVerName=调解工作站 {#AppVersion}
AppPublisher=Mediation Station
DefaultDirName={autopf}\MediationStation
DefaultGroupName=调解工作站
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#Root}\dist
OutputBaseFilename=mediation-station-{#AppVersion}-setup
SetupIconFile={#Root}\build\icons\mediation-station.ico
UninstallDisplayIcon={app}\mediation-station-gui.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
; Chinese needs ChineseSimplified.isl in Inno Setup's Languages folder (README.md says where it comes from);
; without it the installer speaks English.
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#Root}\dist\mediation-station\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\build\icons\mediation-station.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\调解工作站"; Filename: "{app}\mediation-station-gui.exe"; IconFilename: "{app}\mediation-station.ico"
; The county window on the county database in the user data folder (made once with `county init`, README.md).
Name: "{group}\县级调解数据中心"; Filename: "{app}\mediation-station-gui.exe"; Parameters: "county --db ""{localappdata}\MediationStation\county.sqlite"""; IconFilename: "{app}\mediation-station.ico"
Name: "{autodesktop}\调解工作站"; Filename: "{app}\mediation-station-gui.exe"; IconFilename: "{app}\mediation-station.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\mediation-station-gui.exe"; Description: "{cm:LaunchProgram,调解工作站}"; Flags: nowait postinstall skipifsilent
