"""Build OGP Desktop for installation: the frozen folder and, on Linux, the .deb.

    python packaging/build.py            # with the project's venv active

1. compiles the message catalogs (i18n/build.py --compile);
2. freezes the program with PyInstaller (packaging/ogp-desktop.spec) into dist/ogp-desktop/
   (executable dist/ogp-desktop/ogp-desktop; on Windows also ogp-desktop-cli.exe);
3. checks the frozen copy answers --version with the version in pyproject.toml;
4. on Linux, packs dist/ogp-desktop_<version>_<arch>.deb with dpkg-deb;
5. prints the sizes.

Options: --skip-freeze (repack the existing dist/ogp-desktop), --no-deb, --clean (empty
PyInstaller's cache first), --deb-version V (package version other than pyproject's, for
testing upgrades; the program inside still reports its own version).

The venv needs the `gui` and `build` extras: pip install -e '.[gui,build]'. The .deb
needs dpkg-deb (Debian/Ubuntu) and `strip` (binutils) for the smaller build."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
FROZEN = DIST / "ogp-desktop"
IS_WIN = sys.platform.startswith("win")
IS_LINUX = sys.platform.startswith("linux")
PACKAGE = "ogp-desktop"
INSTALL_DIR = "/opt/ogp-desktop"
ICON_SIZES = (256, 128, 48)
MAINTAINER = "OGP Desktop developers <ogp-desktop@localhost>"

# Shared libraries the frozen folder takes from the system (the desktop stack, which must
# match the machine's X server, fonts, D-Bus and printing) and the Debian/Ubuntu packages
# that hold them. Alternatives cover Ubuntu 24.04's 64-bit time_t renames. check_depends()
# fails the build when the frozen folder needs a library this table does not know.
SYSTEM_LIBRARIES = {
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libcups.so.2": "libcups2t64 | libcups2",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libzstd.so.1": "libzstd1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libuuid.so.1": "libuuid1",
}
# Libraries the program loads with ctypes (no ELF NEEDED entry shows them to check_depends):
# GNU FriBidi for the PDFs' bidi levels (ogp_desktop/pdf/fribidi.py).
LOADED_LIBRARIES = {"libfribidi.so.0": "libfribidi0"}
GLIBC = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "libresolv.so.2",
         "librt.so.1", "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
# An Arabic-capable UI font for desktops that have none (the PDFs embed their own fonts).
RECOMMENDS = "fonts-noto-core | fonts-hosny-amiri | fonts-kacst"


def step(text: str) -> None:
    print(f"\n== {text}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("$ " + " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def debian_version(version: str) -> str:
    """PEP 440 -> Debian: pre-releases sort before the release (1.0rc1 -> 1.0~rc1)."""
    return re.sub(r"(?<=\d)[.-]?(a|b|rc|dev)(\d*)", r"~\1\2", version)


def check_environment(freeze: bool, deb: bool) -> None:
    if sys.prefix == sys.base_prefix and not os.environ.get("OGP_ALLOW_SYSTEM_PYTHON"):
        raise SystemExit("Activate the project's venv first (python -m venv .venv; "
                         "pip install -e '.[gui,build]'), then run packaging/build.py.")
    if freeze:
        for module, extra in (("PyInstaller", "build"), ("PySide6.QtPdf", "gui")):
            try:
                __import__(module)
            except ImportError:
                raise SystemExit(f"{module} is missing: pip install -e '.[gui,build]' "
                                 f"(the '{extra}' extra)") from None
    if deb and shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb is missing (Debian/Ubuntu package dpkg); "
                         "use --no-deb to build only the frozen folder.")


def compile_catalogs() -> None:
    step("compile the message catalogs")
    run([sys.executable, ROOT / "i18n" / "build.py", "--compile"])


def freeze(clean: bool) -> None:
    step("freeze with PyInstaller (packaging/ogp-desktop.spec)")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", DIST, "--workpath", WORK]
    if clean:
        cmd.append("--clean")
    run(cmd + [PACKAGING / "ogp-desktop.spec"], cwd=ROOT)


def executable(console: bool = True) -> Path:
    if IS_WIN:
        return FROZEN / ("ogp-desktop-cli.exe" if console else "ogp-desktop.exe")
    return FROZEN / "ogp-desktop"


def check_version(version: str) -> None:
    step("check the frozen program's version")
    out = subprocess.run([str(executable()), "--version"], capture_output=True, text=True,
                         check=True).stdout.strip()
    print(out)
    if out != f"ogp-desktop {version}":
        raise SystemExit(f"the frozen program says {out!r}, pyproject.toml says {version!r}")


# --- sizes -------------------------------------------------------------------------------

def tree_size(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def print_sizes(deb: Path | None) -> None:
    step("sizes")
    internal = FROZEN / "_internal"
    print(f"{FROZEN.relative_to(ROOT)}/: {mb(tree_size(FROZEN))}")
    if internal.is_dir():
        parts = {}
        for child in internal.iterdir():
            parts[child.name] = tree_size(child) if child.is_dir() else (
                0 if child.is_symlink() else child.stat().st_size)
        qt = internal / "PySide6" / "Qt"
        if qt.is_dir():
            for sub in ("lib", "plugins", "translations"):
                if (qt / sub).is_dir():
                    parts[f"PySide6/Qt/{sub}"] = tree_size(qt / sub)
            parts["PySide6"] -= sum(v for k, v in parts.items() if k.startswith("PySide6/Qt/"))
        for name, size in sorted(parts.items(), key=lambda kv: -kv[1])[:12]:
            print(f"  {mb(size):>9}  {name}")
    if deb is not None:
        print(f"{deb.relative_to(ROOT)}: {mb(deb.stat().st_size)}")


# --- the .deb ----------------------------------------------------------------------------

# GLIBCXX_3.4.N symbol versions -> the GCC release whose libstdc++6 first has them (the
# Debian package's version is GCC's).
GLIBCXX_GCC = {28: "10", 29: "11", 30: "12", 31: "13", 32: "13.2", 33: "14"}


def scan_elf(folder: Path) -> tuple[set[str], str, int]:
    """(sonames the folder's ELF files need that the folder does not hold itself, the
    newest GLIBC_x.y symbol version any of them asks for, the newest GLIBCXX_3.4.N)."""
    present: set[str] = set()
    elves: list[Path] = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            present.add(name)
            if not path.is_symlink() and path.is_file():
                with open(path, "rb") as fh:
                    if fh.read(4) == b"\x7fELF":
                        elves.append(path)
    needed: set[str] = set()
    newest = (2, 17)
    newest_cxx = 0
    for path in elves:
        out = subprocess.run(["readelf", "-d", "-V", "-W", str(path)], capture_output=True,
                             text=True).stdout
        needed |= set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
        for major, minor in re.findall(r"Name: GLIBC_(\d+)\.(\d+)", out):
            newest = max(newest, (int(major), int(minor)))
        for n in re.findall(r"Name: GLIBCXX_3\.4\.(\d+)", out):
            newest_cxx = max(newest_cxx, int(n))
    return needed - present, f"{newest[0]}.{newest[1]}", newest_cxx


def check_depends(folder: Path) -> list[str]:
    if shutil.which("readelf") is None:
        raise SystemExit("readelf is missing (Debian package binutils)")
    external, glibc, cxx = scan_elf(folder)
    unknown = sorted(external - set(SYSTEM_LIBRARIES) - GLIBC)
    if unknown:
        raise SystemExit(
            "the frozen folder needs system libraries the .deb does not declare: "
            + ", ".join(unknown) + " (add them to SYSTEM_LIBRARIES in packaging/build.py, "
            "or bundle them)"
        )
    depends = [f"libc6 (>= {glibc})"]
    for soname in sorted(external & set(SYSTEM_LIBRARIES)):
        package = SYSTEM_LIBRARIES[soname]
        if package == "libstdc++6" and cxx >= min(GLIBCXX_GCC):
            gcc = GLIBCXX_GCC.get(cxx) or GLIBCXX_GCC[max(GLIBCXX_GCC)]
            package = f"libstdc++6 (>= {gcc})"
        if package not in depends:
            depends.append(package)
    return depends


def control_text(version: str, arch: str, depends: list[str], installed_kb: int) -> str:
    return (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {RECOMMENDS}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: records of an Open Government Partnership secretariat\n"
        " OGP Desktop keeps the records of a national Open Government Partnership\n"
        " secretariat: national action plans and commitments, committees and members,\n"
        " meetings and signed minutes, and the plan calendar. Arabic first, offline,\n"
        " one SQLite file per user.\n"
        " .\n"
        f" The program is installed under {INSTALL_DIR}; each user's records live in\n"
        " ~/.local/share/ogp-desktop and are kept by upgrades and by removal.\n"
    )


def _normalise_modes(root: Path) -> None:
    """root:root is set by dpkg-deb; here: directories 0755, files 0755 or 0644."""
    for dirpath, dirs, files in os.walk(root):
        for d in dirs:
            p = Path(dirpath) / d
            if not p.is_symlink():
                p.chmod(0o755)
        for f in files:
            p = Path(dirpath) / f
            if p.is_symlink():
                continue
            p.chmod(0o755 if p.stat().st_mode & 0o111 else 0o644)


def build_deb(version: str) -> Path:
    step("pack the .deb")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stage = ROOT / "build" / "deb" / PACKAGE
    if stage.exists():
        shutil.rmtree(stage)
    opt = stage / INSTALL_DIR.lstrip("/")
    shutil.copytree(FROZEN, opt, symlinks=True)

    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "ogp-desktop.sh", bin_dir / PACKAGE)
    (bin_dir / PACKAGE).chmod(0o755)

    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "ogp-desktop.desktop", apps / "ogp-desktop.desktop")
    for px in ICON_SIZES:
        folder = stage / "usr" / "share" / "icons" / "hicolor" / f"{px}x{px}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(ROOT / "resources" / "icons" / f"ogp-desktop-{px}.png", folder / "ogp-desktop.png")

    doc = stage / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "OGP Desktop\n"
        "Licence: GPL-3.0-or-later (see /usr/share/common-licenses/GPL-3).\n"
        f"Bundled fonts and their licences: {INSTALL_DIR}/_internal/resources/fonts/.\n"
        "The program bundles Python, Qt (PySide6, LGPL-3.0) and other libraries under their\n"
        "own licences; see the files under " + INSTALL_DIR + "/_internal.\n",
        encoding="utf-8",
    )

    _normalise_modes(stage)
    depends = check_depends(opt)
    depends += [p for p in sorted(set(LOADED_LIBRARIES.values())) if p not in depends]
    debian = stage / "DEBIAN"
    debian.mkdir()
    installed_kb = (tree_size(stage) + 1023) // 1024
    (debian / "control").write_text(control_text(version, arch, depends, installed_kb),
                                    encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy2(PACKAGING / "linux" / script, debian / script)
        (debian / script).chmod(0o755)
    print((debian / "control").read_text(encoding="utf-8"), end="")

    out = DIST / f"{PACKAGE}_{version}_{arch}.deb"
    if out.exists():
        out.unlink()
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage, out])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-freeze", action="store_true",
                        help="reuse dist/ogp-desktop (repack only)")
    parser.add_argument("--no-deb", action="store_true", help="do not build the .deb")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--deb-version", help="package version (default: pyproject's)")
    args = parser.parse_args(argv)

    version = project_version()
    make_deb = IS_LINUX and not args.no_deb
    check_environment(freeze=not args.skip_freeze, deb=make_deb)
    print(f"OGP Desktop {version}: building in {ROOT}")
    if not args.skip_freeze:
        compile_catalogs()
        freeze(args.clean)
    elif not executable().exists():
        raise SystemExit(f"{executable()} does not exist; build without --skip-freeze first")
    check_version(version)
    deb = build_deb(args.deb_version or debian_version(version)) if make_deb else None
    print_sizes(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
