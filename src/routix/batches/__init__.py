"""Batch runs: a sheet of rows in, one thumbnail per row out (see docs/batches.md)."""
