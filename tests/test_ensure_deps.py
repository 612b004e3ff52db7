"""`make test` on a machine without Chromium: installs it as root, else one line and a
failure — never a silent skip. ``tools/ensure-deps`` runs on a PATH of fake ``id`` and
``apt-get`` (the real system is never touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "ensure-deps"

FAKE_ID = """#!/bin/sh
[ "$1" = -u ] && echo "$FAKE_UID"
"""
# Logs each call with the DEBIAN_FRONTEND it saw; `install` "installs" Chromium by writing
# an executable at $CHROMIUM, unless FAKE_APT_FAIL names the step that fails.
FAKE_APT = """#!/bin/sh
echo "DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-} $*" >> "$APT_LOG"
case " $* " in *" $FAKE_APT_FAIL "*) exit 100 ;; esac
case " $* " in *" install "*" chromium "*) echo '#!/bin/sh' > "$FAKE_INSTALLS"; \
/bin/chmod +x "$FAKE_INSTALLS" ;; esac
exit 0
"""


def _script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


class Machine:
    """A fake Debian machine: a PATH holding only ``id`` and (optionally) ``apt-get``."""

    def __init__(self, tmp: Path, *, uid: int, apt: bool = True, fail: str = "-") -> None:
        self.bin = tmp / "bin"
        self.bin.mkdir()
        self.chromium = tmp / "usr-bin-chromium"
        self.apt_log = tmp / "apt.log"
        _script(self.bin / "id", FAKE_ID)
        if apt:
            _script(self.bin / "apt-get", FAKE_APT)
        self.env = {
            "PATH": str(self.bin),
            "FAKE_UID": str(uid),
            "FAKE_APT_FAIL": fail,
            "FAKE_INSTALLS": str(self.chromium),
            "APT_LOG": str(self.apt_log),
            "CHROMIUM": str(self.chromium),
            "PY": sys.executable,  # has ensurepip: only Chromium is missing
        }

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=30,
        )

    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


def test_present_does_nothing(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=0)
    _script(m.chromium, "#!/bin/sh\n")
    r = m.run("chromium", "python3", "python3-venv")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert m.apt_calls() == []


def test_root_and_missing_installs_without_questions(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=0)
    r = m.run("chromium")
    assert r.returncode == 0, r.stderr
    assert m.apt_calls() == [
        "DEBIAN_FRONTEND=noninteractive update -qq",
        "DEBIAN_FRONTEND=noninteractive install -y -qq chromium",
    ]
    assert os.access(m.chromium, os.X_OK)
    assert r.stderr == "tools/ensure-deps: apt-get install -y chromium\n"
    again = m.run("chromium")  # now present: silent, apt-get left alone
    assert (again.returncode, again.stderr, len(m.apt_calls())) == (0, "", 2)


def test_not_root_and_missing_prints_the_command_and_fails(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=1000)
    r = m.run("chromium")
    assert r.returncode != 0 and r.stdout == ""
    (line,) = r.stderr.splitlines()
    assert "sudo apt-get install -y chromium" in line
    assert m.apt_calls() == [] and not m.chromium.exists()


def test_every_missing_package_is_in_the_one_line(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=1000)
    no_python = str(tmp_path / "no-python3")
    r = m.run("python3", "python3-venv", "chromium", PY=no_python)
    assert r.returncode != 0
    (line,) = r.stderr.splitlines()
    assert "sudo apt-get install -y python3 python3-venv chromium" in line


@pytest.mark.parametrize("fail", ["update", "install"])
def test_a_failed_apt_get_fails(tmp_path: Path, fail: str) -> None:
    m = Machine(tmp_path, uid=0, fail=fail)
    assert m.run("chromium").returncode != 0
    assert not m.chromium.exists()


def test_installed_but_still_not_found_fails(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=0)
    elsewhere = str(tmp_path / "opt-chromium")  # apt-get puts it where CHROMIUM does not look
    r = m.run("chromium", CHROMIUM=elsewhere)
    assert r.returncode != 0 and "still not found" in r.stderr.splitlines()[-1]


def test_not_debian_says_so(tmp_path: Path) -> None:
    m = Machine(tmp_path, uid=0, apt=False)
    r = m.run("chromium")
    assert r.returncode != 0
    (line,) = r.stderr.splitlines()
    assert "chromium" in line and "package manager" in line


def test_make_test_without_chromium_stops_first_with_one_line(tmp_path: Path) -> None:
    """The real Makefile, as a non-root user: nothing runs after the check fails."""
    make = shutil.which("make")
    assert make, "make is needed to run make test"
    m = Machine(tmp_path, uid=1000)
    r = subprocess.run(
        [make, "--no-print-directory", "-C", str(ROOT), "test", "PY=" + sys.executable],
        env=m.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0 and r.stdout == ""
    ours, make_says = r.stderr.splitlines()
    assert "sudo apt-get install -y" in ours and ours.endswith(" chromium")
    assert "system" in make_says and "Error 1" in make_says


def _dry_run(target: str) -> str:
    """The check ``make TARGET`` would run (``make -n``: nothing is run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}  # under make test
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "-C", str(ROOT), target],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (check,) = [line for line in out.splitlines() if "tools/ensure-deps" in line]
    return check


def test_make_run_checks_without_chromium_and_make_test_with_it() -> None:
    assert "chromium" not in _dry_run("run")
    assert "postgresql-15" not in _dry_run("run")
    assert _dry_run("test").endswith(" chromium postgresql-15")


def test_browser_tests_fail_rather_than_skip_without_chromium(tmp_path: Path) -> None:
    """Run outside make, a browser test says what is missing and fails."""
    test = "tests/web/test_browser.py::test_phone_layout[whoosh]"  # the app runs on both engines
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
        cwd=ROOT,
        env={**os.environ, "CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1, r.stdout
    assert "1 error" in r.stdout and "skipped" not in r.stdout
    assert "no-chromium is missing: run tools/ensure-deps chromium" in r.stdout
