"""deploy/compose.yaml stays consistent with palermo's settings and with itself."""

from __future__ import annotations

from pathlib import Path

import yaml

from corpora.settings import Settings

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose.yaml"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_three_qdrant_nodes_form_one_cluster():
    services = _compose()["services"]
    nodes = {name: spec for name, spec in services.items() if name.startswith("qdrant-")}
    assert len(nodes) == 3
    for name, spec in nodes.items():
        assert spec["environment"]["QDRANT__CLUSTER__ENABLED"] == "true"
        assert f"--uri http://{name}:6335" in spec["command"]
        if name != "qdrant-1":
            assert "--bootstrap http://qdrant-1:6335" in spec["command"]
        assert all(not str(port).endswith(":6335") for port in spec.get("ports", []))


def test_the_service_settings_are_real_and_fit_the_cluster():
    compose = _compose()
    environment = compose["services"]["palermo"]["environment"]
    fields = {f"PALERMO_{name.upper()}" for name in Settings.model_fields}
    unknown = sorted(key for key in environment if key not in fields)
    assert not unknown, f"not palermo settings: {unknown}"
    nodes = sum(name.startswith("qdrant-") for name in compose["services"])
    assert environment["PALERMO_QDRANT_MODE"] == "server"
    assert int(environment["PALERMO_QDRANT_SHARD_NUMBER"]) == nodes
    assert 2 <= int(environment["PALERMO_QDRANT_REPLICATION_FACTOR"]) <= nodes
    assert "--workers" in compose["services"]["palermo"]["command"]
