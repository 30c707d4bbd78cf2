"""The start-up warning's check: is the database on a network share or in a cloud-synced
folder? Fake mount tables, drive types and environments; tmp paths for the local cases."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ogp_desktop.core import location
from ogp_desktop.core.location import (
    CLOUD_FOLDER,
    NETWORK_DRIVE,
    NETWORK_MOUNT,
    NETWORK_SHARE,
    find_risk,
    parse_bsd_mount,
    parse_proc_mounts,
    risky_location,
)

LOCAL = [("/", "ext4"), ("/tmp", "tmpfs"), ("/proc", "proc"), ("/boot/efi", "vfat")]


def linux(path, mounts=LOCAL, **kw):
    return find_risk(path, platform="linux", mounts=mounts, environ=kw.pop("environ", {}), **kw)


def windows(path, kinds=None, **kw):
    """kinds: drive root -> GetDriveTypeW value (3 fixed, 4 remote); fixed by default."""
    kinds = kinds or {}
    asked: list[str] = kw.pop("asked", [])

    def drive_type(root: str) -> int:
        asked.append(root)
        return kinds.get(root, 3)

    return find_risk(path, platform="win32", drive_type=drive_type,
                     environ=kw.pop("environ", {}), **kw)


# --- local places: no warning ---------------------------------------------------------------

def test_a_local_disk_is_fine(tmp_path):
    assert linux(tmp_path / "records" / "ogp-desktop.sqlite") is None
    assert linux("/home/sara/.local/share/ogp-desktop/ogp-desktop.sqlite") is None
    assert windows(r"C:\Users\sara\AppData\Local\ogp-desktop\ogp-desktop.sqlite") is None


def test_the_file_name_itself_is_no_hint(tmp_path):
    assert linux(tmp_path / "dropbox.sqlite") is None
    assert linux(tmp_path / "OneDrive") is None


def test_a_folder_merely_containing_a_service_name_is_fine():
    assert linux("/home/sara/old-onedrive-export/db.sqlite") is None
    assert linux("/home/sara/Dropboxes/db.sqlite") is None
    assert linux("/home/sara/box-files/db.sqlite") is None
    assert linux("/home/sara/onedrive-export/db.sqlite") is None


def test_the_real_machine_is_asked_without_error(tmp_path):
    # whatever this machine's tmp is on, the call reads the real mount table and answers
    result = risky_location(tmp_path / "x.sqlite")
    assert result is None or isinstance(result, str)


# --- Linux and macOS mounts ---------------------------------------------------------------------

@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs",
                                    "fuse.rclone", "fuse.gvfsd-fuse", "sshfs", "fuse", "9p",
                                    "afpfs", "webdav"])
def test_network_file_systems_warn(fstype):
    mounts = LOCAL + [("/mnt/nas", fstype)]
    risk = linux("/mnt/nas/ogp/ogp-desktop.sqlite", mounts)
    assert risk is not None and risk.message == NETWORK_MOUNT
    assert risk.params == {"kind": fstype, "where": "/mnt/nas"}


@pytest.mark.parametrize("fstype", ["ext4", "btrfs", "xfs", "tmpfs", "overlay", "vfat",
                                    "fuseblk", "fuse.portal", "fuse.lxcfs", "fuse.gocryptfs",
                                    "zfs", "apfs", "ntfs3"])
def test_local_file_systems_do_not(fstype):
    assert linux("/data/ogp/ogp-desktop.sqlite", LOCAL + [("/data", fstype)]) is None


def test_the_deepest_mount_point_decides():
    mounts = LOCAL + [("/mnt/nas", "nfs"), ("/mnt/nas/cache", "ext4")]
    assert linux("/mnt/nas/cache/db.sqlite", mounts) is None
    assert linux("/mnt/nas/other/db.sqlite", mounts).params["where"] == "/mnt/nas"


def test_mount_points_match_whole_folder_names():
    assert linux("/mnt/nas2/db.sqlite", LOCAL + [("/mnt/nas", "nfs")]) is None


def test_of_stacked_mounts_the_last_one_counts():
    # autofs puts its trigger first; the real NFS mount is stacked on the same point later
    mounts = LOCAL + [("/net/records", "autofs"), ("/net/records", "nfs4")]
    assert linux("/net/records/db.sqlite", mounts).params["kind"] == "nfs4"


def test_a_database_that_is_itself_a_mount_point():
    assert linux("/srv/db.sqlite", LOCAL + [("/srv/db.sqlite", "cifs")]) is not None


def test_proc_mounts_parsing_undoes_octal_escapes():
    text = (
        "/dev/vda / ext4 rw,relatime 0 0\n"
        "//nas/share /mnt/shared\\040records cifs rw,vers=3.1.1 0 0\n"
        "sara@host: /home/sara/remote fuse.sshfs rw,nosuid 0 0\n"
    )
    rows = parse_proc_mounts(text)
    assert rows == [("/", "ext4"), ("/mnt/shared records", "cifs"),
                    ("/home/sara/remote", "fuse.sshfs")]
    risk = linux("/mnt/shared records/ogp.sqlite", rows)
    assert risk.params == {"kind": "cifs", "where": "/mnt/shared records"}


def test_macos_mount_output_parsing():
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)\n"
        "//sara@fileserver/Records on /Volumes/Records (smbfs, nodev, nosuid, mounted by sara)\n"
        "map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)\n"
    )
    rows = parse_bsd_mount(text)
    assert ("/Volumes/Records", "smbfs") in rows and ("/", "apfs") in rows
    risk = find_risk("/Volumes/Records/ogp.sqlite", platform="darwin", mounts=rows, environ={})
    assert risk.message == NETWORK_MOUNT and risk.params["kind"] == "smbfs"


# --- Windows --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, share", [
    (r"\\fileserver\records\ogp\ogp-desktop.sqlite", r"\\fileserver\records"),
    ("//fileserver/records/ogp-desktop.sqlite", r"\\fileserver\records"),
    (r"\\?\UNC\fileserver\records\ogp-desktop.sqlite", r"\\fileserver\records"),
    (r"\\wsl$\Ubuntu\home\sara\ogp-desktop.sqlite", r"\\wsl$\Ubuntu"),
])
def test_unc_paths_are_network_shares(path, share):
    risk = windows(path)
    assert risk.message == NETWORK_SHARE and risk.params == {"where": share}


def test_a_mapped_network_drive_warns_and_a_local_one_does_not():
    asked: list[str] = []
    risk = windows(r"Z:\OGP\ogp-desktop.sqlite", {"Z:\\": 4}, asked=asked)
    assert risk.message == NETWORK_DRIVE and risk.params == {"where": "Z:"}
    assert asked == ["Z:\\"]
    assert windows(r"D:\OGP\ogp-desktop.sqlite", {"Z:\\": 4}) is None


def test_long_path_prefix_is_read_through():
    assert windows(r"\\?\C:\Users\sara\ogp-desktop.sqlite") is None
    assert windows(r"\\?\Z:\ogp-desktop.sqlite", {"Z:\\": 4}).message == NETWORK_DRIVE


def test_a_failing_drive_type_call_is_no_warning():
    def broken(root: str) -> int:
        raise OSError("no such drive")

    assert find_risk(r"Q:\x.sqlite", platform="win32", drive_type=broken, environ={}) is None


# --- cloud-synced folders -------------------------------------------------------------------------

@pytest.mark.parametrize("folder, service", [
    ("OneDrive", "OneDrive"),
    ("OneDrive - Ministry of Planning and International Cooperation", "OneDrive"),
    ("OneDrive - وزارة التخطيط", "OneDrive"),
    ("Dropbox", "Dropbox"),
    ("Dropbox (Personal)", "Dropbox"),
    ("Google Drive", "Google Drive"),
    ("iCloud Drive", "iCloud Drive"),
    ("iCloudDrive", "iCloud Drive"),
    ("Nextcloud", "Nextcloud"),
    ("ownCloud", "ownCloud"),
    ("SynologyDrive", "Synology Drive"),
])
def test_sync_folders_warn(tmp_path, folder, service):
    path = tmp_path / folder / "OGP" / "ogp-desktop.sqlite"
    risk = linux(path)
    assert risk.message == CLOUD_FOLDER
    assert risk.params == {"service": service, "where": str(tmp_path / folder)}


def test_sync_folder_names_are_matched_case_insensitively(tmp_path):
    assert linux(tmp_path / "onedrive" / "db.sqlite").params["service"] == "OneDrive"
    risk = windows(r"C:\Users\sara\ONEDRIVE\Documents\OGP\ogp-desktop.sqlite")
    assert risk.params == {"service": "OneDrive", "where": r"C:\Users\sara\ONEDRIVE"}


def test_macos_file_provider_and_icloud_folders():
    home = "/Users/sara/Library"
    risk = linux(f"{home}/CloudStorage/GoogleDrive-sara@example.org/My Drive/db.sqlite")
    assert risk.params == {"service": "Google Drive",
                           "where": f"{home}/CloudStorage/GoogleDrive-sara@example.org"}
    risk = linux(f"{home}/CloudStorage/OneDrive-Personal/db.sqlite")
    assert risk.params["service"] == "OneDrive"
    risk = linux(f"{home}/CloudStorage/Box-Box/db.sqlite")
    assert risk.params["service"] == "Box"
    risk = linux(f"{home}/CloudStorage/Tresorit-sara/db.sqlite")
    assert risk.params["service"] == "Tresorit"
    risk = linux(f"{home}/Mobile Documents/com~apple~CloudDocs/OGP/db.sqlite")
    assert risk.params == {"service": "iCloud Drive", "where": f"{home}/Mobile Documents"}


def test_onedrive_variables_catch_a_renamed_folder():
    environ = {"OneDriveCommercial": r"C:\Users\sara\Work Files"}
    risk = windows(r"c:\users\SARA\work files\OGP\ogp-desktop.sqlite", environ=environ)
    assert risk.params == {"service": "OneDrive", "where": r"C:\Users\sara\Work Files"}
    assert windows(r"C:\Users\sara\Work Files Old\db.sqlite", environ=environ) is None
    assert windows(r"C:\Users\sara\Documents\db.sqlite", environ={"OneDrive": ""}) is None


def test_a_network_share_is_reported_before_a_sync_folder():
    risk = windows(r"\\server\home\sara\OneDrive\db.sqlite")
    assert risk.message == NETWORK_SHARE


# --- the sentence ------------------------------------------------------------------------------------

def test_the_reason_is_one_sentence_with_the_details_filled_in():
    text = risky_location("/mnt/nas/db.sqlite", platform="linux",
                          mounts=[("/", "ext4"), ("/mnt/nas", "nfs4")], environ={})
    assert text.startswith("The database is on a network file system (nfs4 at /mnt/nas).")
    assert "{" not in text
    assert risky_location("/home/sara/db.sqlite", platform="linux", mounts=LOCAL,
                          environ={}) is None


def test_the_message_is_translated_before_the_details_go_in():
    seen = []

    def translate(message: str) -> str:
        seen.append(message)
        return "«" + message.split(" ", 1)[0] + " {where}»"

    text = risky_location(r"\\srv\share\db.sqlite", platform="win32", environ={},
                          drive_type=lambda r: 3, translate=translate)
    assert seen == [NETWORK_SHARE]
    assert text == r"«The \\srv\share»"


def test_the_module_stays_free_of_qt():
    code = ("import sys, ogp_desktop.core.location as m; "
            "m.risky_location('/tmp/x.sqlite'); "
            "print(any(n.startswith('PySide6') for n in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_system_mounts_reads_this_machine():
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux /proc/self/mounts")
    rows = location.system_mounts()
    assert any(point == "/" for point, _ in rows)
