"""Distributed provenance scans: many files on object storage, inspected on a Dask cluster.

Needs the ``cluster`` extra (dask[distributed], s3fs, pyarrow). Nothing here is imported by the
rest of provguard or by ``provguard --help``: the CLI imports these modules only when ``scan`` runs.

- ``sources``: SOURCE strings (folders, manifests, fsspec prefixes) -> listed ``Entry`` values
- ``rows``: one Parquet row per file, its digest, and a batch's Merkle root (RFC 6962)
- ``dest``: the DEST folder: atomic Parquet parts, what is already done, summaries
- ``task``: the worker side: one batch of keys -> one Parquet part
- ``engine``: the client side: batches onto a Dask cluster, results back, resume
- ``proof``: one audit record per batch, and a single file's proof up to a signed checkpoint
"""
