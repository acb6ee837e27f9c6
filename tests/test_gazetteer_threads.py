"""Gazetteer from several threads: one read-only connection per thread, same answers as serial lookups."""
from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from sitrep.gazetteer import Gazetteer

NAMES = ["Aleppo", "Homs", "Hama", "Damascus", "Kabul", "Tripoli", "Georgia", "Lebanon", "Athens", "Madison",
         "Decatur", "Huntsville", "Quebec", "Virginia", "Manila", "Lagos", "Springfield", "Paris", "Tal Kalakh",
         "al-Rastan", "Mosul", "Kameshli", "Nairobi", "Texas", "Syria"]


def _answers(gaz: Gazetteer, name: str) -> tuple[Any, ...]:
    return (
        tuple(gaz.lookup(name)),
        tuple(gaz.fuzzy(name)),
        gaz.country(name),
        gaz.admin1(None, name),
        gaz.get(gaz.lookup(name)[0].geonameid) if gaz.lookup(name) else None,
    )


@pytest.fixture(scope="module")
def path() -> Any:
    gaz = Gazetteer.open()
    gaz.close()
    return gaz.path


def test_lookups_from_a_thread_pool_equal_serial_lookups(path: Any) -> None:
    serial_gaz = Gazetteer(path)
    serial = {name: _answers(serial_gaz, name) for name in NAMES}
    serial_gaz.close()

    shared = Gazetteer(path)  # one instance, fresh caches, used by all threads at once
    work = NAMES * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: (n, _answers(shared, n)), work))
    assert all(got == serial[name] for name, got in results)
    assert shared.country("SY") == serial["Syria"][2]
    shared.close()


def test_each_thread_reads_through_its_own_connection_and_close_closes_all(path: Any) -> None:
    gaz = Gazetteer(path)
    barrier = threading.Barrier(4)
    seen: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        gaz.lookup("Aleppo")
        barrier.wait()  # all four threads alive at once: none can reuse another's thread-local slot
        with lock:
            seen.append(id(gaz._con))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 4
    gaz.close()
    with pytest.raises(sqlite3.ProgrammingError):
        gaz.get(1)  # uncached: needs the (closed) connection
    errors: list[BaseException] = []

    def after_close() -> None:
        try:
            gaz.info()
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion below
            errors.append(exc)

    t = threading.Thread(target=after_close)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], sqlite3.ProgrammingError)


def test_a_finished_thread_s_connection_is_dropped(path: Any) -> None:
    gaz = Gazetteer(path)
    for _ in range(5):
        t = threading.Thread(target=gaz.info)
        t.start()
        t.join()
    assert len(gaz._threads) == 1  # only the opening thread's connection is left
    gaz.close()
    assert len(gaz._threads) == 0


def test_pickled_gazetteer_reopens(path: Any) -> None:
    import pickle

    gaz = Gazetteer(path)
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.lookup("Aleppo") == gaz.lookup("Aleppo")
    gaz.close()
    copy.close()


def test_a_gazetteer_path_with_uri_characters_is_a_file_name(tmp_path: Path) -> None:
    """`?`, `#` and `%` in the index's path are part of the name, not SQLite URI syntax (a `#` used to cut the
    path, so the index opened as another, empty file)."""
    import shutil

    from sitrep.gazetteer import Gazetteer
    from sitrep.settings import Settings

    source = Gazetteer.open()  # the index the other tests use, built if missing
    source.close()
    folder = tmp_path / "week#12?x=%41"
    folder.mkdir()
    copy = folder / "gazetteer.sqlite"
    shutil.copyfile(Settings().gazetteer, copy)
    gaz = Gazetteer.open(copy, build_if_missing=False)
    try:
        assert [r.name for r in gaz.lookup("Aleppo")][:1] == ["Aleppo"]
    finally:
        gaz.close()
