@echo off
rem The Windows installer of Mediation Station (调解工作站): the one-folder build with PyInstaller, from the same
rem spec as Linux (packaging\mediation-station.spec), then the Inno Setup installer. Run from the source folder:
rem     packaging\windows\build.bat
rem Needs Python 3.11 (64-bit, python.org, "py" launcher) and Inno Setup 6; see packaging\windows\README.md.
setlocal
cd /d "%~dp0\..\.."
if not exist .venv-build (
    py -3.11 -m venv .venv-build || goto :error
)
rem The same pinned versions as Linux, with their hashes (requirements\dist.txt is made by `make lock`).
.venv-build\Scripts\python -m pip install --require-hashes -r requirements\dist.txt || goto :error
.venv-build\Scripts\python -m pip install --no-deps --no-build-isolation -e . || goto :error
.venv-build\Scripts\pybabel compile --use-fuzzy -d resources\locale -D mediation || goto :error
.venv-build\Scripts\python packaging\icons.py build\icons || goto :error
set MEDIATION_STATION_ICO=%CD%\build\icons\mediation-station.ico
if exist dist\mediation-station rmdir /s /q dist\mediation-station
.venv-build\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\mediation-station.spec || goto :error
rem The build must start: its version, then a database made and printed from, as the Linux smoke test does.
dist\mediation-station\mediation-station.exe --version || goto :error
set /p VERSION=<dist\mediation-station\_internal\resources\VERSION
set ISCC=%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe
if not exist "%ISCC%" set ISCC=%ProgramFiles%\Inno Setup 6\ISCC.exe
"%ISCC%" /DAppVersion=%VERSION% packaging\windows\mediation-station.iss || goto :error
echo.
echo Done: dist\mediation-station-%VERSION%-setup.exe
exit /b 0
:error
echo Build failed (see the messages above).
exit /b 1
