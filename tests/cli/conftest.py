"""Real conditions of an office for the command line: small disks that fill up and
read-only places, made with tmpfs mounts (the tests run as root; CI does too)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def _mount_refused(reason: str) -> None:
    if os.environ.get("OGP_REQUIRE_TOOLS"):
        pytest.fail(f"tmpfs mounts are required (OGP_REQUIRE_TOOLS is set): {reason}")
    pytest.skip(f"a tmpfs can not be mounted here ({reason}); run as root to test full "
                "disks and read-only places")


class Mounts:
    """tmpfs folders under tmp_path, unmounted after the test."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mounted: list[Path] = []

    def tmpfs(self, name: str, size: str) -> Path:
        folder = self.root / name
        folder.mkdir()
        if shutil.which("mount") is None:
            _mount_refused("no mount command")
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(folder)], capture_output=True, text=True)
        if proc.returncode != 0:
            _mount_refused(proc.stderr.strip() or f"exit {proc.returncode}")
        self.mounted.append(folder)
        return folder

    @staticmethod
    def fill(folder: Path) -> Path:
        """Write a filler file until the disk is full (ENOSPC)."""
        filler = folder / "filler"
        block = b"\xa5" * 4096
        with open(filler, "wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(block)
            except OSError:
                pass
        with open(filler, "ab", buffering=0) as fh:  # the last partial block too
            try:
                while True:
                    fh.write(b"\xa5")
            except OSError:
                pass
        return filler

    @staticmethod
    def read_only(folder: Path) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)

    def close(self) -> None:
        for folder in reversed(self.mounted):
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def mounts(tmp_path):
    m = Mounts(tmp_path)
    yield m
    m.close()
