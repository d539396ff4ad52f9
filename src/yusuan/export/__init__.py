"""Exporting the store: CSV and Parquet (the facts contract plus version), Fiscal Data Package."""
from .fdp import write_fdp
from .tabular import write_csv, write_parquet

__all__ = ["write_csv", "write_fdp", "write_parquet"]
