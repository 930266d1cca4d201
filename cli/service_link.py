"""The running service that holds the embedded index.

`palermo serve` records its URL and pid in ``data_dir/service.json`` while it runs. When another command
finds the embedded index locked, it looks for that service (or ``PALERMO_API_URL``), says so on stderr
and goes through the service's API instead of failing.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpora.errors import StoreLockedError

if TYPE_CHECKING:
    from pathlib import Path

    from corpora.settings import Settings

WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}


@dataclass(frozen=True)
class ServiceRecord:
    """Where a running service answers, and its process id when `palermo serve` recorded it."""

    url: str
    pid: int | None = None


def service_url(host: str, port: int) -> str:
    """The URL a local client uses for a service bound to ``host:port`` (wildcards become loopback)."""
    host = "127.0.0.1" if host in WILDCARD_HOSTS else host
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def record_service(settings: Settings, host: str, port: int) -> Path:
    """Write the service record (atomically) for the other commands to find."""
    path = settings.service_record
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps({"url": service_url(host, port), "pid": os.getpid(), "started": time.time()}))
    partial.replace(path)
    return path


def forget_service(settings: Settings) -> None:
    """Remove the service record if this process wrote it."""
    record = _read_record(settings.service_record)
    if record is not None and record.pid == os.getpid():
        settings.service_record.unlink(missing_ok=True)


def recorded_service(settings: Settings) -> ServiceRecord | None:
    """``PALERMO_API_URL`` if set, else the record `palermo serve` left, else None."""
    if settings.api_url:
        return ServiceRecord(settings.api_url.rstrip("/"))
    return _read_record(settings.service_record)


def service_for_locked_index(settings: Settings, locked: StoreLockedError) -> str:
    """The URL of the service to use instead of the locked index, announced on stderr; a clear
    :class:`StoreLockedError` when there is none or it does not answer."""
    record = recorded_service(settings)
    if record is None:
        raise StoreLockedError(
            f"{locked.detail}. No running palermo service was found to go through instead (none recorded in "
            f"{settings.service_record}, PALERMO_API_URL unset)"
        ) from None
    if record.pid is not None and not _process_alive(record.pid):
        raise StoreLockedError(
            f"{locked.detail}. The service recorded in {settings.service_record} (pid {record.pid}) is no longer "
            "running: stop the process that holds the index, or set PALERMO_API_URL to a service that holds it"
        ) from None
    problem = _health_problem(record.url)
    if problem:
        raise StoreLockedError(
            f"{locked.detail}. The palermo service at {record.url} does not answer ({problem}): wait until it has "
            "started, or stop the process that holds the index, or set PALERMO_API_URL to a service that answers"
        ) from None
    who = f" (pid {record.pid})" if record.pid else ""
    print(f"note: the index is held by the palermo service at {record.url}{who}; going through its API",
          file=sys.stderr)
    return record.url


def _read_record(path: Path) -> ServiceRecord | None:
    try:
        data = json.loads(path.read_text())
        return ServiceRecord(str(data["url"]), int(data["pid"]) if data.get("pid") is not None else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _health_problem(url: str) -> str | None:
    """None when ``{url}/healthz`` answers 200, else what went wrong."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        return str(getattr(exc, "reason", exc))
