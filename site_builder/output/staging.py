"""Atomic output: build in a sibling folder, then swap it with ``output/``.

A failed build removes its own half-written folder and never touches the
previous ``output/``; files an earlier build wrote and this one did not are
gone after the swap, because the whole folder is replaced.

The preview is the exception (``updated``): after every save it rewrites
only the pages that changed, each file replaced atomically, in the folder
it serves. Making a fresh folder of thousands of page folders and links
for every save cost seconds at the bank's scale, most of it in the kernel.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class OutputRefused(Exception):
    """The output folder given is not one a build may replace."""


def check_replaceable(output_dir: Path, marker: str) -> None:
    """Refuse to replace anything but a missing or empty folder, or one an
    earlier build wrote (it holds ``marker``): a mistyped ``--output`` must
    not delete the content, the repository or a home folder."""
    if not output_dir.exists():
        return
    if not output_dir.is_dir():
        raise OutputRefused(f"{output_dir} is a file, not a folder")
    if (output_dir / marker).is_file() or not any(output_dir.iterdir()):
        return
    raise OutputRefused(
        f"{output_dir} holds files no build wrote (there is no {marker} in it), "
        "and a build replaces its output folder whole; choose a new or empty "
        "folder, or empty this one yourself"
    )


@dataclass(frozen=True)
class Written:
    """What a file holds, as the manifest and deploys need to know it."""

    size: int
    sha256: str


class Stage:
    """The folder a build writes into before it becomes ``output/``; or,
    ``in_place``, the folder the preview serves, each file replaced whole."""

    def __init__(self, folder: Path, in_place: bool = False) -> None:
        self.folder = folder
        self.in_place = in_place
        self.written: dict[str, Written] = {}
        self._root = str(folder)
        self._made: set[str] = set()

    @property
    def files(self) -> int:
        return len(self.written)

    @property
    def total_bytes(self) -> int:
        return sum(w.size for w in self.written.values())

    def write(self, relative: str, data: bytes) -> None:
        # Plain os calls: this runs once per file, thousands of times a build.
        target = os.path.join(self._root, relative)
        self._make_folder(os.path.dirname(target))
        if self.in_place:
            # Whoever reads the file meanwhile gets the old page or the new.
            provisional = f"{target}.{os.getpid()}.new"
            _write_file(provisional, data)
            os.replace(provisional, target)
        else:
            _write_file(target, data)
        self.written[relative] = Written(len(data), hashlib.sha256(data).hexdigest())

    def _make_folder(self, folder: str) -> None:
        """Like os.makedirs, without asking first whether each folder exists:
        nearly every page has a folder of its own, and a parent of the last."""
        if folder in self._made:
            return
        try:
            os.mkdir(folder)
        except FileNotFoundError:
            self._make_folder(os.path.dirname(folder))
            # Another render worker may have made it in the meantime.
            with suppress(FileExistsError):
                os.mkdir(folder)
        except FileExistsError:
            pass
        self._made.add(folder)

    def link(self, source: Path, relative: str, written: Written) -> bool:
        """Hard-link an earlier build's file here, or keep it if it is here
        already; False when that fails."""
        target = os.path.join(self._root, relative)
        if target == str(source):
            if not os.path.isfile(target):
                return False
            self.written[relative] = written
            return True
        self._make_folder(os.path.dirname(target))
        try:
            os.link(source, target)
        except OSError:
            return False
        self.written[relative] = written
        return True


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


def _write_file(path: str, data: bytes) -> None:
    """Create or overwrite ``path`` with ``data`` in three system calls;
    open() would add a terminal check, a seek and a stat for every page."""
    descriptor = os.open(path, _CREATE, 0o666)  # as open() does, less umask
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


@contextmanager
def staged(
    output_dir: Path, discard: Callable[[Path], None] = shutil.rmtree
) -> Iterator[Stage]:
    """Yield a Stage; on success it replaces ``output_dir``, else it vanishes.

    ``discard`` removes the replaced folder once the new one is in place.
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(output_dir)
    stage = Stage(_sibling(output_dir, "building"))
    stage.folder.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage.folder, ignore_errors=True)
        raise
    _swap(stage.folder, output_dir, discard)


@contextmanager
def updated(output_dir: Path, earlier: Iterable[str]) -> Iterator[Stage]:
    """Yield a Stage writing into ``output_dir`` itself, which holds the files
    ``earlier`` lists; on success, those the build did not keep are deleted.

    A failure leaves a mix of old and new files: the caller must not trust
    ``earlier`` afterwards (the preview then builds afresh with ``staged``).
    """
    stage = Stage(output_dir.absolute(), in_place=True)
    yield stage
    gone = sorted(set(earlier) - set(stage.written), reverse=True)
    for relative in gone:
        _remove_page(stage.folder, relative)


def _remove_page(root: Path, relative: str) -> None:
    """Delete a file and the folders it leaves empty, up to ``root``."""
    path = root / relative
    with suppress(FileNotFoundError):
        path.unlink()
    for folder in path.parents:
        if folder == root:
            break
        try:
            folder.rmdir()
        except OSError:  # not empty: a sibling page or file lives there
            break


def _swap(new: Path, output_dir: Path, discard: Callable[[Path], None]) -> None:
    if not output_dir.exists():
        new.rename(output_dir)
        return
    if exchange(new, output_dir):
        discard(new)  # which now holds the previous site
        log.debug("Replaced %s in one step", output_dir)
        return
    # Two steps: for a moment there is no output_dir at all.
    old = _sibling(output_dir, "previous")
    output_dir.rename(old)
    new.rename(output_dir)
    discard(old)
    log.debug("Replaced %s", output_dir)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step, so a web server serving ``output/``
    never finds it missing or half-built; False where the system cannot
    (not Linux, an old C library, a file system without the flag)."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(done == 0)


def _sibling(output_dir: Path, role: str) -> Path:
    return output_dir.with_name(f".{output_dir.name}.{role}-{os.getpid()}")


def _remove_leftovers(output_dir: Path) -> None:
    """Folders of builds that were killed; a live build's folder is kept."""
    for prefix in ("building", "previous"):
        for folder in output_dir.parent.glob(f".{output_dir.name}.{prefix}-*"):
            pid = folder.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
