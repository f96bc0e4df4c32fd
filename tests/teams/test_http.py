"""POST /api/messages as HTTP: authentication, malformed requests, quiet acknowledgements."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from adapters.teams import TEAMS_ENDPOINT, TeamsConfig, mount_teams
from bot.service import ConversationService
from bot.store import Store
from bot.store.db import create_engine, upgrade
from tests.teams.conftest import teams_client
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

APP_ID = "00000000-0000-0000-0000-00000000b07f"
CHANNEL_ISSUER = "https://api.botframework.com"


@pytest.fixture
async def secured(database_url: str) -> AsyncIterator[TestClient[Any, Any]]:
    """The app with an app id: every request needs a Bot Framework token."""
    client = await teams_client(
        database_url, microsoft_app_id=APP_ID, microsoft_app_password="secret"
    )
    yield client
    await client.close()


def token(key: Any, *, kid: str = "test-key", **claims: Any) -> str:
    payload = {
        "iss": CHANNEL_ISSUER,
        "aud": APP_ID,
        "exp": int(time.time()) + 600,
        "nbf": int(time.time()) - 10,
        **claims,
    }
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
        "Basic dXNlcjpwYXNz",
        "Bearer " + jwt.encode({"iss": "https://evil.example", "aud": APP_ID}, "k" * 32),
    ],
    ids=["missing", "empty", "no-token", "garbage", "malformed-jwt", "basic", "foreign-issuer"],
)
async def test_without_a_valid_token_the_answer_is_401(
    secured: TestClient[Any, Any], connector: FakeConnector, authorization: str | None
) -> None:
    user = TeamsUser(secured, connector)
    headers = {"Authorization": authorization} if authorization is not None else None
    assert await user.post(user.activity(text="thankyou"), headers) == 401
    assert connector.posted == []


async def test_malformed_json_is_400(client: TestClient[Any, Any]) -> None:
    for body in (b"{not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"{}", b'{"type": ""}'):
        response = await client.post(
            "/api/messages", data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status == 400, body


async def test_malformed_json_is_400_before_authentication(
    secured: TestClient[Any, Any],
) -> None:
    response = await secured.post("/api/messages", data=b"{oops")
    assert response.status == 400


async def test_activities_the_bot_does_not_handle_get_a_quiet_200(user: TeamsUser) -> None:
    for kind in ("typing", "messageReaction", "event", "endOfConversation", "somethingNew"):
        assert await user.post(user.activity(type=kind, text=None)) == 200
        assert user.replies == []


async def test_without_an_app_id_only_a_local_service_url_is_answered(user: TeamsUser) -> None:
    remote = user.activity(text="thankyou", serviceUrl="https://smba.example.com/emea/")
    assert await user.post(remote) == 401
    assert await user.post(user.activity(text="thankyou")) == 200
    assert user.replies and user.replies[0].authorization is None


async def test_healthz_lists_teams(client: TestClient[Any, Any]) -> None:
    response = await client.get("/healthz")
    assert "teams" in (await response.json())["platforms"]


# -- signature checks, against signing keys served on 127.0.0.1 ------------------------


class _KeysHandler(http.server.BaseHTTPRequestHandler):
    documents: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:
        body = json.dumps(self.documents[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def signing_key() -> Iterator[tuple[Any, str]]:
    """An RSA key and the OpenID metadata URL publishing its public half.

    botbuilder fetches the keys with blocking `requests` on the event loop, so they are
    served from a thread, not from an aiohttp server on the same loop.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _KeysHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _KeysHandler.documents = {
        "/openid": {"jwks_uri": f"{base}/keys"},
        "/keys": {"keys": [{**jwk, "kid": "test-key", "endorsements": ["msteams"]}]},
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield key, f"{base}/openid"
    server.shutdown()
    server.server_close()


@pytest.fixture
async def keyed_client(
    database_url: str, signing_key: tuple[Any, str]
) -> AsyncIterator[TestClient[Any, Any]]:
    await upgrade(database_url)
    engine = create_engine(database_url)
    app = web.Application()
    coach = ConversationService(Store(engine), channel="teams")
    config = TeamsConfig(app_id=APP_ID, app_password="secret", openid_metadata_url=signing_key[1])
    mount_teams(app, coach, coach.presenter.say, coach.store.teams_references, config)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()
    await engine.dispose()


async def test_a_token_signed_by_the_channel_is_accepted_and_others_are_not(
    keyed_client: TestClient[Any, Any], connector: FakeConnector, signing_key: tuple[Any, str]
) -> None:
    key = signing_key[0]
    user = TeamsUser(keyed_client, connector)
    # A conversationUpdate that needs no reply: accepted without calling out for a token.
    activity = user.activity(type="conversationUpdate", text=None, membersAdded=[{"id": "x"}])
    good = token(key, serviceurl=connector.url)
    assert await user.post(activity, {"Authorization": f"Bearer {good}"}) == 200

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused = {
        "wrong signature": token(other_key, serviceurl=connector.url),
        "unknown key id": token(key, kid="nope", serviceurl=connector.url),
        "other bot": token(key, aud="someone-else", serviceurl=connector.url),
        "other service url": token(key, serviceurl="https://elsewhere.example/"),
        "expired": token(key, serviceurl=connector.url, exp=int(time.time()) - 3600),
    }
    for reason, bad in refused.items():
        status = await user.post(activity, {"Authorization": f"Bearer {bad}"})
        assert status == 401, reason


async def test_replies_build_no_msrest_connector_client(
    user: TeamsUser, client: TestClient[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replies go through adapters/teams/connector.py (aiohttp); botbuilder's msrest
    ConnectorClient, once built per turn, is not built at all, and the credentials
    are made once."""
    import botframework.connector.auth._connector_factory_impl as factory_module

    made: list[object] = []
    real = factory_module.ConnectorClient

    def counting(*args: Any, **kwargs: Any) -> Any:
        made.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(factory_module, "ConnectorClient", counting)
    credentials = client.app[TEAMS_ENDPOINT]._authentication._cache._credentials
    for text in ("help", "notes", "thankyou"):
        await user.send(text)
        assert user.replies
    assert made == []
    assert len(credentials) == 1
