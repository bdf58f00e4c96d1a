"""Measuring what reading a hostile upload costs: its verdict, its peak memory and its CPU time (the
work it makes, which a loaded machine does not inflate as it does the clock).

`in_fresh_process` reads the file in a new Python process (under a 2 GB address-space cap, so that a
regression ends in MemoryError rather than in the machine's swap) and reports that process's own
high-water mark from /proc (`VmHWM`: every byte, Pillow's and expat's included). `traced` measures in
this process with tracemalloc (what Python and the XML parsers allocate; not Pillow's pixels): cheap
enough for a property-based test drawing many files.

Nothing here imports Django at module level: the fresh process imports this module before it has set
Django up.
"""

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

READERS = ("roll", "vouchers", "image")


def read(kind: str, path: str) -> str:
    """Read the file at `path` the way the upload of `kind` does; 'read …' or 'refused: <message>'."""
    from django.core.exceptions import ValidationError

    from finances.imports import ImportFileError, read_workbook
    from members.rolls import RollFileError, read_table
    from unionhub.attachments import check_image, make_thumbnail

    try:
        with open(path, "rb") as file:
            if kind == "roll":
                return "read %d rows" % sum(1 for _row in read_table(file, Path(path).name))
            if kind == "vouchers":
                return "read %d sheets" % len(read_workbook(file))
            check_image(file)
            file.seek(0)
            thumbnail = make_thumbnail(file.read())
            return "read a thumbnail of %d bytes" % len(thumbnail or b"")
    except (RollFileError, ImportFileError) as error:
        return "refused: " + str(error)
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)


def peak_mb() -> float:
    """This process's own high-water mark (ru_maxrss would include the parent's at fork)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main(arguments: list[str]) -> None:
    """Read each (kind, path) pair in turn; one line of JSON: a result for each, in order."""
    import django

    django.setup()
    pairs = list(zip(arguments[::2], arguments[1::2], strict=True))
    for kind in {kind for kind, _path in pairs}:
        read(kind, os.devnull)  # the readers' modules loaded (an empty file is refused): the baseline
    before = peak_mb()
    results = []
    for kind, path in pairs:
        started = time.process_time()
        verdict = read(kind, path)
        seconds = time.process_time() - started
        results.append(
            {"verdict": verdict, "seconds": seconds, "peak_mb": peak_mb(), "growth_mb": peak_mb() - before}
        )
    print(json.dumps(results))


def in_fresh_process(kind: str, content: bytes, name: str, folder: Path) -> dict:
    """{verdict, seconds, peak_mb, growth_mb} of reading `content` as an upload of `kind`."""
    (result,) = all_in_fresh_process([(kind, content, name)], folder)
    return result


def all_in_fresh_process(files: list[tuple[str, bytes, str]], folder: Path) -> list[dict]:
    """Each (kind, content, file name) read in turn in one fresh process (its start-up paid once).
    A high-water mark only rises: each result's peak is the highest so far, so a file that costs
    too much fails its own assertion and every later one's."""
    arguments = []
    for number, (kind, content, name) in enumerate(files):
        path = folder / f"{number}-{name}"
        path.write_bytes(content)
        arguments += [kind, str(path)]

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.trust.measure", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=cap_memory,  # noqa: PLW1509 - no threads in the test process's fork path
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "unionhub.test_settings"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def traced(work) -> tuple[object, float, float]:
    """(what `work()` returns, its peak of traced memory in MB, its seconds of CPU)."""
    tracemalloc.start()
    started = time.process_time()
    try:
        result = work()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / (1024 * 1024), time.process_time() - started


if __name__ == "__main__":
    main(sys.argv[1:])
