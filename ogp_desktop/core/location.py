"""Is the records file somewhere SQLite is not safe? A network share or a cloud-synced folder.

SQLite keeps a database consistent through the file system's locks and its flush to disk.
On a network file system (Windows shares, NFS, SSHFS …) locks and flushes are not reliable,
and two computers opening the same file can corrupt it. A sync client (OneDrive, Dropbox,
Google Drive, iCloud, Nextcloud …) copies the file and its journal behind the program's back
while it is being written, which can leave a damaged copy or a "conflicted copy" that
silently forks the records. The program warns at start when the file is in such a place
(it does not refuse: the user may know better); keeping the file on the computer's own disk
and making backups is the safe way.

`risky_location(path)` returns the reason as one sentence, or None. No Qt here (the GUI
shows the warning); the mount table, the Windows drive-type function and the environment
are parameters, so tests fake them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from ogp_desktop.core.i18n import N_

NETWORK_SHARE = N_(
    "The database is on a network share ({where}). SQLite can lose or damage records on a "
    "network share; keep the database on this computer's own disk."
)
NETWORK_DRIVE = N_(
    "The database is on the network drive {where}. SQLite can lose or damage records on a "
    "network drive; keep the database on this computer's own disk."
)
NETWORK_MOUNT = N_(
    "The database is on a network file system ({kind} at {where}). SQLite can lose or "
    "damage records there; keep the database on this computer's own disk."
)
CLOUD_FOLDER = N_(
    "The database is in a folder that {service} synchronises ({where}). Synchronising can "
    "copy the file while it is being written and damage it; keep the database outside that "
    "folder, on this computer's own disk, and make backups instead."
)

# GetDriveTypeW
DRIVE_REMOTE = 4

# File system types (Linux /proc/mounts, macOS/BSD `mount`) that live on another computer.
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afpfs", "webdav", "davfs",
    "ncpfs", "ncp", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "sshfs",
    "fuse",  # a FUSE file system without a subtype: almost always a remote or cloud mount
}
# FUSE file systems (shown as fuse.<subtype>) that are network or cloud mounts. Other FUSE
# types (fuseblk: NTFS/exFAT disks, portal, lxcfs, squashfuse, gocryptfs …) are local.
NETWORK_FUSE = {
    "sshfs", "rclone", "s3fs", "gcsfuse", "goofys", "davfs", "davfs2", "gvfsd-fuse",
    "smbnetfs", "curlftpfs", "glusterfs", "ceph", "cephfs", "onedriver",
    "google-drive-ocamlfuse", "dropbox", "kio-fuse", "nextcloud",
}

# Folder names (compared case-insensitively) that sync clients create, and their service.
CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
    "box sync": "Box",
    "megasync": "MEGA",
    "yandex.disk": "Yandex.Disk",
    "seafile": "Seafile",
    "synologydrive": "Synology Drive",
}
# Name prefixes: "OneDrive - Ministry of …" (OneDrive for work and school), "Dropbox (Team)".
CLOUD_PREFIXES = (
    ("onedrive - ", "OneDrive"),
    ("dropbox (", "Dropbox"),
)
# macOS File Provider folders: ~/Library/CloudStorage/<Provider>-<account>.
CLOUD_STORAGE_PROVIDERS = {
    "onedrive": "OneDrive", "googledrive": "Google Drive", "dropbox": "Dropbox",
    "box": "Box", "nextcloud": "Nextcloud", "pcloud": "pCloud",
}
# Windows: where OneDrive keeps its folders, whatever they are called.
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


@dataclass(frozen=True)
class Risk:
    message: str  # one of the templates above (untranslated)
    params: dict[str, str] = field(default_factory=dict)

    def text(self, translate: Callable[[str], str] | None = None) -> str:
        return (translate or (lambda s: s))(self.message).format(**self.params)


def risky_location(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] | None = None,
    environ: Mapping[str, str] | None = None,
    translate: Callable[[str], str] | None = None,
) -> str | None:
    """Why `path` is not a safe place for the database, in one sentence, or None.

    platform: sys.platform by default ("win32" reads the path as a Windows path);
    mounts: (mount point, file system type) pairs, by default this machine's mount table
    (Linux, macOS; not used on Windows); drive_type: a GetDriveTypeW-like function of a
    drive root such as "Z:\\", by default the real one on Windows; environ: for the OneDrive
    variables, os.environ by default; translate: applied to the message before the details
    are filled in (the GUI passes its `_`)."""
    risk = find_risk(path, platform=platform, mounts=mounts, drive_type=drive_type,
                     environ=environ)
    return None if risk is None else risk.text(translate)


def find_risk(
    path: str | os.PathLike[str],
    *,
    platform: str | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Risk | None:
    """The same as risky_location, as a Risk (message template and details)."""
    platform = platform or sys.platform
    windows = platform.startswith("win")
    native = platform == sys.platform
    text = os.fspath(path)
    if native:
        # follow symbolic links: ~/records may point to a share
        text = os.path.realpath(os.path.expanduser(text))
    environ = os.environ if environ is None else environ
    pure: PurePath
    if windows:
        windows_path = _windows_path(text)
        risk = _windows_network(text, windows_path, drive_type if drive_type is not None else (
            _windows_drive_type if native else None))
        pure = windows_path
    else:
        posix_path = PurePosixPath(text)
        table = list(mounts) if mounts is not None else (system_mounts() if native else [])
        risk = _mount_risk(posix_path, table)
        pure = posix_path
    return risk or _cloud_risk(pure, environ, windows)


# --- Windows -----------------------------------------------------------------------------

def _windows_path(text: str) -> PureWindowsPath:
    text = text.replace("/", "\\")
    if text.startswith("\\\\?\\UNC\\"):
        return PureWindowsPath("\\\\" + text[8:])
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return PureWindowsPath(text[4:])
    return PureWindowsPath(text)


def _windows_network(text: str, pure: PureWindowsPath,
                     drive_type: Callable[[str], int] | None) -> Risk | None:
    drive = pure.drive
    if drive.startswith("\\\\"):  # \\server\share (also \\wsl$\…: a network redirector too)
        return Risk(NETWORK_SHARE, {"where": drive})
    if len(drive) == 2 and drive[1] == ":" and drive_type is not None:
        try:
            kind = drive_type(drive + "\\")
        except OSError:
            return None
        if kind == DRIVE_REMOTE:
            return Risk(NETWORK_DRIVE, {"where": drive})
    return None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    if sys.platform != "win32":  # find_risk passes it only when running on Windows
        raise OSError("GetDriveTypeW exists on Windows only")
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


# --- Linux, macOS ------------------------------------------------------------------------

def is_network_fs(fstype: str) -> bool:
    kind = fstype.lower()
    if kind in NETWORK_FS:
        return True
    if kind.startswith("fuse.") or kind.startswith("fuse3."):
        return kind.split(".", 1)[1] in NETWORK_FUSE
    return False


def _mount_risk(path: PurePosixPath, table: list[tuple[str, str]]) -> Risk | None:
    """The mount holding `path` is the deepest mount point above it (the last one listed
    when several are stacked on the same point)."""
    best: tuple[PurePosixPath, str] | None = None
    for point, fstype in table:
        mount = PurePosixPath(point)
        if path == mount or mount in path.parents:
            if best is None or len(mount.parts) >= len(best[0].parts):
                best = (mount, fstype)
    if best is not None and is_network_fs(best[1]):
        return Risk(NETWORK_MOUNT, {"kind": best[1], "where": str(best[0])})
    return None


def parse_proc_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, type) from /proc/mounts; spaces and the like come as octal escapes."""
    rows = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
            rows.append((point, fields[2]))
    return rows


def parse_bsd_mount(text: str) -> list[tuple[str, str]]:
    """(mount point, type) from macOS/BSD `mount`: "//u@srv/share on /Volumes/share (smbfs, …)"."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"^.* on (.+) \(([^,)]+)", line)
        if m:
            rows.append((m.group(1), m.group(2).strip()))
    return rows


def system_mounts() -> list[tuple[str, str]]:
    """This machine's mount table; empty when it can not be read."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/mounts", encoding="utf-8", errors="surrogateescape") as fh:
                return parse_proc_mounts(fh.read())
        if sys.platform == "darwin" or "bsd" in sys.platform:
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=3,
                                 check=False).stdout
            return parse_bsd_mount(out)
    except (OSError, subprocess.SubprocessError):
        pass
    return []


# --- cloud folders -------------------------------------------------------------------------

def _cloud_service(name: str) -> str | None:
    key = name.casefold()
    if key in CLOUD_FOLDERS:
        return CLOUD_FOLDERS[key]
    for prefix, service in CLOUD_PREFIXES:
        if key.startswith(prefix):
            return service
    return None


def _cloud_risk(path: PurePath, environ: Mapping[str, str], windows: bool) -> Risk | None:
    folders = path.parts[:-1]  # the folders above the file; the file's own name is no hint
    flavour = PureWindowsPath if windows else PurePosixPath

    def fold(parts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p.casefold() for p in parts) if windows else parts

    for variable in ONEDRIVE_VARIABLES:
        value = environ.get(variable)
        if value:
            base = fold((_windows_path(value) if windows else flavour(value)).parts)
            if base and fold(folders[: len(base)]) == base:
                return Risk(CLOUD_FOLDER, {"service": "OneDrive", "where": value})

    for i, name in enumerate(folders):
        where = str(flavour(*folders[: i + 1]))
        # macOS: ~/Library/CloudStorage/<Provider>-<account> and iCloud's Mobile Documents
        if i >= 1 and folders[i - 1] == "Library" and name == "Mobile Documents":
            return Risk(CLOUD_FOLDER, {"service": "iCloud Drive", "where": where})
        if i >= 2 and folders[i - 2] == "Library" and folders[i - 1] == "CloudStorage":
            provider = name.split("-", 1)[0]
            service = CLOUD_STORAGE_PROVIDERS.get(provider.casefold(), provider)
            return Risk(CLOUD_FOLDER, {"service": service, "where": where})
        known = _cloud_service(name)
        if known is not None:
            return Risk(CLOUD_FOLDER, {"service": known, "where": where})
    return None
