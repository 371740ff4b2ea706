"""`dicodec index --dask`: the same per-file function on a dask.distributed cluster gives the
same table as the local run, row for row (a small in-process LocalCluster, as CI runs it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster

from dicodec.cli import main


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    ) as cluster:
        yield str(cluster.scheduler_address)


def _sorted(path: Path) -> list[dict[str, object]]:
    return pq.read_table(path).sort_by("path").to_pylist()


def test_a_dask_run_gives_the_local_table_row_for_row(
    archive: Path, tmp_path: Path, scheduler: str
) -> None:
    local, distributed = tmp_path / "local.parquet", tmp_path / "dask"
    assert main(["index", str(archive), "-o", str(local)]) == 1
    assert main(["index", str(archive), "-o", str(distributed), "--dask", scheduler]) == 1
    parts = sorted(p.name for p in distributed.iterdir())
    assert len(parts) >= 2 and all(p.startswith("part-") for p in parts)  # partitioned
    assert pq.read_schema(distributed / parts[0]) == pq.read_schema(local)
    assert _sorted(distributed) == _sorted(local)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_all_top_level_and_update_on_dask(archive: Path, tmp_path: Path, scheduler: str) -> None:
    local, distributed = tmp_path / "local.parquet", tmp_path / "dask"
    corpus = str(archive / "corpus")
    assert main(["index", corpus, "-o", str(local), "--all-top-level"]) == 1
    assert (
        main(["index", corpus, "-o", str(distributed), "--all-top-level", "--dask", scheduler]) == 1
    )
    assert _sorted(distributed) == _sorted(local)
    schemas = {str(pq.read_schema(p)) for p in distributed.glob("*.parquet")}
    assert len(schemas) == 1  # every part has every column
    # nothing changed: every row kept, none read again, the same table
    assert (
        main(
            [
                "index",
                corpus,
                "-o",
                str(distributed),
                "--all-top-level",
                "--update",
                "--dask",
                scheduler,
            ]
        )
        == 1
    )
    assert _sorted(distributed) == _sorted(local)


@pytest.mark.slow
def test_dask_local_starts_its_own_cluster(archive: Path, tmp_path: Path) -> None:
    local, distributed = tmp_path / "local.parquet", tmp_path / "dask"
    study = str(archive / "study")
    assert main(["index", study, "-o", str(local)]) == 0
    assert main(["index", study, "-o", str(distributed), "--dask", "local", "--jobs", "1"]) == 0
    assert _sorted(distributed) == _sorted(local)


def test_an_unreachable_scheduler_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dicodec.index.distributed.CONNECT_TIMEOUT", 1)
    code = main(["index", str(tmp_path), "-o", str(tmp_path / "d"), "--dask", "tcp://127.0.0.1:9"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("dicodec index: --dask tcp://127.0.0.1:9: cannot reach the scheduler")
