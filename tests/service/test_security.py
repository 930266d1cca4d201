"""API keys, exposure check, admin access and body limits."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from corpora.errors import ConfigurationError
from service.app import create_app
from service.errors import install_error_handlers
from service.security import BodySizeLimit, check_exposure, is_loopback, require_admin
from service.state import ServiceState


@pytest.fixture(scope="module")
def keyed_client(small_index):
    settings = small_index["settings"].model_copy(update={"api_keys": ["s3cret"], "api_host": "0.0.0.0"})
    state = ServiceState.around(settings, small_index["registry"], small_index["store"], small_index["encoder"])
    with TestClient(create_app(settings, small_index["registry"], state)) as client:
        yield client


def test_keys_are_required_when_configured(keyed_client):
    response = keyed_client.get("/v1/search", params={"q": "extradition"})
    assert response.status_code == 401 and response.json()["type"] == "urn:palermo:problem:unauthorized"
    assert keyed_client.get("/v1/search", params={"q": "extradition"}, headers={"X-API-Key": "wrong"}).status_code == 401
    assert keyed_client.get("/v1/search", params={"q": "extradition"}, headers={"X-API-Key": "s3cret"}).status_code == 200
    assert keyed_client.get("/healthz").status_code == 200  # probes stay open


def test_non_loopback_bind_without_keys_is_refused(make_settings):
    with pytest.raises(ConfigurationError, match="PALERMO_API_KEYS"):
        check_exposure(make_settings(api_host="0.0.0.0"))
    check_exposure(make_settings(api_host="127.0.0.1"))
    check_exposure(make_settings(api_host="0.0.0.0", api_keys=["k"]))
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("10.0.0.1") and not is_loopback(None)


def _admin_app(settings) -> FastAPI:
    app = FastAPI()
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=2_000, max_upload_bytes=10_000)

    @app.post("/admin", dependencies=[Depends(require_admin)])
    async def admin(request: Request) -> dict:
        return {"ok": True, "bytes": len(await request.body())}

    return app


def test_admin_needs_admin_key_or_loopback(make_settings):
    keyed = TestClient(_admin_app(make_settings(admin_api_keys=["root"])))
    assert keyed.post("/admin").status_code == 403
    assert keyed.post("/admin", headers={"X-API-Key": "root"}).json()["ok"] is True
    remote = TestClient(_admin_app(make_settings()), client=("203.0.113.7", 5000))
    assert remote.post("/admin").status_code == 403
    local = TestClient(_admin_app(make_settings()), client=("127.0.0.1", 5000))
    assert local.post("/admin").status_code == 200


def test_body_limits_declared_and_streamed(make_settings):
    client = TestClient(_admin_app(make_settings()), client=("127.0.0.1", 5000))
    assert client.post("/admin", content=b"x" * 3_000).status_code == 413
    chunks = (b"x" * 1_000 for _ in range(5))  # no content-length: counted as it streams
    response = client.post("/admin", content=chunks)
    assert response.status_code == 413 and response.json()["limit_bytes"] == 2_000
    files = {"file": ("a.txt", b"y" * 5_000)}
    assert client.post("/admin", files=files).status_code == 200  # uploads have their own, larger limit
