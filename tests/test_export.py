"""Exporting the store: CSV and Parquet (one column vocabulary with facts and import --to parquet),
and a Fiscal Data Package."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import seed_path
from storedb import engine_for, prior_year_000, store_files
from yusuan.ledger import FACT_COLUMNS
from yusuan.catalog.cofog import cofog, cofog_table
from yusuan.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    url = f"sqlite:///{tmp / 'store.db'}"
    store_files(engine_for(url), [seed_path("000"), seed_path("002"), prior_year_000(tmp)])
    return url


def _export(url, fmt, out):
    r = CliRunner().invoke(main, ["export", "--db", url, "--to", fmt, str(out)])
    assert r.exit_code == 0, r.output
    return out


STORED = (*FACT_COLUMNS, "version", "region", "sha256", "line", "page", "sheet", "cell")


def test_csv_has_the_facts_columns_and_version(db, tmp_path):
    rows = list(csv.DictReader(open(_export(db, "csv", tmp_path / "facts.csv"), encoding="utf-8")))
    assert tuple(rows[0]) == STORED
    assert FACT_COLUMNS[-2:] == ("amount_unit", "kind")
    assert {(r["amount_unit"], r["kind"], r["region"]) for r in rows if r["unit_code"] == "212002"} == \
        {("万元", "budget", "500110"), ("元", "budget", "500110")}  # the 整体绩效 table is in 元
    mine = [r for r in rows if r["unit_code"] == "212002" and r["table"] == "general_expenditure"
            and r["row_code"] == "208" and r["column"] == "total"]
    assert {(r["year"], r["amount"], r["version"]) for r in mine} == {("2022", "2600.00", "1"), ("2023", "2859.58", "1")}


def test_parquet_keeps_exact_amounts(db, tmp_path):
    import pyarrow.parquet as pq
    table = pq.read_table(_export(db, "parquet", tmp_path / "facts.parquet"))
    assert table.column_names == [*STORED, "value"]
    assert str(table.schema.field("value").type) == "decimal128(38, 8)" and table.schema.field("region").type == "string"
    rows = [r for r in table.to_pylist() if r["unit_code"] == "212002" and r["year"] == 2023
            and r["table"] == "general_expenditure" and r["row_code"] == "208" and r["column"] == "total"]
    assert [(r["amount"], str(r["value"]), r["amount_unit"]) for r in rows] == [("2859.58", "2859.58000000", "万元")]


def test_one_vocabulary_in_every_export(db, tmp_path):
    """export --to csv, export --to parquet, import --to parquet, the facts command and the database
    name the same things the same way, with the same types."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
    from sqlalchemy import inspect

    from yusuan.store.engine import open_store
    from yusuan.store.partitioned import PARTITIONING, write_parquet
    engine = open_store(db)
    exported = pq.read_table(_export(db, "parquet", tmp_path / "facts.parquet")).schema
    partitioned = ds.dataset(write_parquet(engine, tmp_path / "parts")["facts"], partitioning=PARTITIONING).schema
    assert {f.name: str(f.type) for f in partitioned} == {f.name: str(f.type) for f in exported}
    r = CliRunner().invoke(main, ["facts", str(Path(__file__).parents[1] / "examples" / "disclosures" /
                                               "003_125ac91881a2613a.txt")])
    assert tuple(r.output.splitlines()[0].split(",")) == FACT_COLUMNS
    stored = {c["name"] for c in inspect(engine).get_columns("facts")}
    assert {"table", "row_code", "row_name", "column", "amount", "amount_unit"} <= stored
    assert not stored & {"table_kind", "column_name"}
    assert {"table", "row", "column"} <= {c["name"] for c in inspect(engine).get_columns("findings")}


def test_cofog_mapping_data():
    table = cofog_table()
    assert {c: table[c].cofog for c in ("201", "205", "208", "210", "213")} == \
        {"201": "01", "205": "09", "208": "10", "210": "07", "213": "04"}
    assert all(e.source for e in table.values() if e.cofog)  # every mapping says where it comes from
    assert all(e.notes for e in table.values() if not e.cofog)  # every gap says why
    assert cofog("2080505").cofog == "10.2" and cofog("2089999").cofog == "10"
    assert cofog("206") is None and cofog("2060101") is None and cofog("30101") is None


def test_fiscal_data_package(db, tmp_path):
    out = _export(db, "fdp", tmp_path / "fdp")
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "fiscal-data-package" and package["countryCode"] == "CN"
    assert package["fiscalPeriod"] == {"start": "2022-01-01", "end": "2026-12-31"}
    [resource] = package["resources"]
    assert resource["path"] == "budget.csv" and resource["format"] == "csv"
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    with open(out / resource["path"], encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        assert list(reader.fieldnames) == list(fields)  # every CSV column is declared, in order
    assert resource["count_of_rows"] == len(rows)
    assert all(f["type"] in ("string", "number", "integer", "year") for f in fields.values())
    measures = package["model"]["measures"]
    assert measures["amount"]["currency"] == "CNY" and measures["amount"]["source"] in fields
    assert fields[measures["amount"]["source"]]["type"] == "number"
    for name, dim in package["model"]["dimensions"].items():
        for attr in dim["attributes"].values():
            assert attr["source"] in fields, (name, attr)
        assert set(dim["primaryKey"]) <= set(dim["attributes"])
    assert fields["cofog"]["columnType"] == "functional-classification:cofog:code"

    [row] = [r for r in rows if r["unit_code"] == "212002" and r["year"] == "2023"
             and r["table"] == "general_expenditure" and r["row_code"] == "208" and r["column"] == "total"]
    assert (row["year"], row["amount"], row["amount_cny"], row["cofog"], row["functional_class"]) == \
        ("2023", "2859.58", "28595800.00", "10", "208")
    assert "Social protection" in row["cofog_name"]
    health = next(r for r in rows if r["table"] == "general_expenditure" and r["row_code"] == "2101101")
    assert health["cofog"] == "07"
    basic = next(r for r in rows if r["table"] == "basic_expenditure" and r["row_code"] == "30101")
    assert (basic["economic_code"], basic["functional_code"], basic["cofog"]) == ("30101", "", "")
    assert all(r["amount"] != "#####" for r in rows)  # 000's lost 整体绩效 value is left out
