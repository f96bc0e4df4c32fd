"""Teams identity: the key comes only from fields the channel vouches for (issue 9, item 3).

The victim is a Teams user (tenant-a, AAD object id aad-user-a) with a saved note and an
interview in progress. Other senders replay every combination of channel, from.id,
aadObjectId, conversation.tenantId and channelData.tenant.id; only the combination that
Teams itself would send for the victim may reach the victim's data.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from botbuilder.schema import Activity

from adapters.teams.identity import key_of
from bot.app import STORE
from dialogs.messages import ConversationKey, conversation_key
from tests.dialog_script import SINGLE
from tests.teams.fake_connector import FakeConnector
from tests.teams.teams_script import TeamsUser

VICTIM = conversation_key("msteams", "tenant-a", "aad-user-a")
CHANNELS = ("msteams", "directline", "emulator", "slack")
FROM_IDS = ("aad-user-a", "29:user-a", "29:mallory")
AAD_IDS = (None, "aad-user-a", "aad-mallory")
TENANTS = (None, "tenant-a", "tenant-m")
COMBINATIONS = list(itertools.product(CHANNELS, FROM_IDS, AAD_IDS, TENANTS, TENANTS))
# End to end, the channels whose keys differ in kind (the others differ only in name).
SENT = [c for c in COMBINATIONS if c[0] in ("msteams", "directline")]


def spoof(
    base: dict[str, Any],
    channel: str,
    from_id: str,
    aad: str | None,
    tenant: str | None,
    data_tenant: str | None,
) -> dict[str, Any]:
    sender: dict[str, Any] = {"id": from_id, "name": "Mallory"}
    if aad is not None:
        sender["aadObjectId"] = aad
    conversation: dict[str, Any] = {"id": f"a:{channel}-{from_id}", "conversationType": "personal"}
    if tenant is not None:
        conversation["tenantId"] = tenant
    return {
        **base,
        "channelId": channel,
        "from": sender,
        "conversation": conversation,
        "channelData": {"tenant": {"id": data_tenant}} if data_tenant else {},
    }


def is_the_victim(channel: str, aad: str | None, tenant: str | None) -> bool:
    """What Teams itself sends for the victim: the only way to be keyed as them."""
    return channel == "msteams" and aad == "aad-user-a" and tenant == "tenant-a"


@pytest.mark.parametrize("combination", COMBINATIONS)
def test_only_the_teams_fields_make_the_key(combination: tuple[Any, ...]) -> None:
    channel, from_id, aad, tenant, _ = combination
    base = {"type": "message", "id": "a1", "serviceUrl": "http://127.0.0.1/"}
    key = key_of(Activity().deserialize(spoof(base, *combination)))
    assert key is not None
    assert (key == VICTIM) == is_the_victim(channel, aad, tenant)
    if channel != "msteams":
        assert key.platform == f"bf.{channel}"  # never msteams, slack or console
        assert key.tenant == f"channel:{channel}"
    elif tenant is None:  # Teams without conversation.tenantId: no tenant's data
        assert key.tenant == "channel:msteams"
    elif aad is None:
        assert key.user == f"id:{from_id}"  # a from.id is never taken for an AAD id


async def _victim_with_a_note_and_an_interview(user: TeamsUser) -> None:
    await user.send("thankyou")
    for line in SINGLE:
        await user.send(line)
    await user.press("done")
    await user.send("thankyou")
    await user.send(SINGLE[0])


async def test_the_direct_line_spoof_reads_and_changes_nothing(
    user: TeamsUser, client: TestClient[Any, Any], connector: FakeConnector
) -> None:
    await _victim_with_a_note_and_an_interview(user)
    store = client.app[STORE]
    before = await store.open_conversation(VICTIM)
    assert before is not None
    # The report: Direct Line, from.id = the victim's AAD object id, and their tenant.
    for text in ("notes 1", "skip"):
        activity = spoof(user.activity(text=text), "directline", "aad-user-a", None, None, None)
        activity["channelData"] = {"tenant": {"id": "tenant-a"}}
        activity["conversation"]["tenantId"] = "tenant-a"
        assert await user.post(activity) == 200
        assert "Brightline" not in user.text
    after = await store.open_conversation(VICTIM)
    assert after is not None and after.version == before.version


async def test_no_combination_of_fields_reaches_another_users_data(
    user: TeamsUser, client: TestClient[Any, Any]
) -> None:
    await _victim_with_a_note_and_an_interview(user)
    store = client.app[STORE]
    before = await store.open_conversation(VICTIM)
    assert before is not None
    reached: list[tuple[Any, ...]] = []
    for combination in SENT:
        channel, _, aad, tenant, _ = combination
        if is_the_victim(channel, aad, tenant):
            continue
        for text in ("notes 1", "skip"):
            assert await user.post(spoof(user.activity(text=text), *combination)) == 200
            if "Brightline" in user.text:
                reached.append(combination)
    assert reached == []
    after = await store.open_conversation(VICTIM)
    assert after is not None and after.version == before.version
    # ...while what Teams sends for the victim still reaches them.
    genuine = spoof(user.activity(text="notes 1"), "msteams", "29:user-a", "aad-user-a", None, None)
    genuine["conversation"]["tenantId"] = "tenant-a"
    assert await user.post(genuine) == 200
    assert "Brightline" in user.text


def test_a_key_is_never_another_platforms() -> None:
    slack_user: ConversationKey = conversation_key("slack", "T1", "U1")
    base = {"type": "message", "serviceUrl": "http://127.0.0.1/"}
    activity = spoof(base, "slack", "U1", None, "T1", "T1")
    assert key_of(Activity().deserialize(activity)) != slack_user
