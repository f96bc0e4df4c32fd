"""Who sent a Bot Framework activity, as a `ConversationKey`, and whether its ids are sane.

The key is (platform, tenant, user), and every part comes only from a field the channel
itself vouches for:

- the platform is the channel: `msteams`, or `bf.<channelId>` for any other Bot Framework
  channel (Direct Line, Web Chat, the Emulator), so no other channel's user can ever share
  a key with a Teams user, nor with Slack's or the terminal's;
- on `msteams`, the tenant is `conversation.tenantId` (without one, `channel:msteams`,
  which no Teams tenant id can be) and the user is `from.aadObjectId` (else `id:` +
  `from.id`, which can never be mistaken for an AAD object id);
- on any other channel, whose clients choose their own `from.id`, the tenant is the
  channel itself and `aadObjectId` and tenant fields are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from botbuilder.schema import Activity

from adapters.ids import MAX_EVENT, MAX_PLATFORM, MAX_TENANT, MAX_USER, valid_id
from dialogs.messages import ConversationKey, EventId, conversation_key

TEAMS = "msteams"
OTHER_CHANNEL_PREFIX = "bf."
FROM_ID_PREFIX = "id:"
# Conversation and service ids are not stored in a column of their own; this bound only
# keeps absurd values out of the stored conversation reference.
MAX_OTHER_ID = 1024
_CHANNEL = re.compile(rf"[a-z0-9]{{1,{MAX_PLATFORM - len(OTHER_CHANNEL_PREFIX)}}}")


def platform_of(activity: Activity) -> str | None:
    channel = activity.channel_id
    if channel == TEAMS:
        return TEAMS
    if isinstance(channel, str) and _CHANNEL.fullmatch(channel):
        return OTHER_CHANNEL_PREFIX + channel
    return None


def conversation_tenant(activity: Activity) -> Any:
    """The raw `conversation.tenantId`, as Teams sends it. botbuilder's model maps only
    `tenantID` (another spelling, which Teams does not send) to `tenant_id`, so the real
    field arrives among the additional properties."""
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None)
    return extra.get("tenantId") if isinstance(extra, dict) else None


def tenant_of(activity: Activity) -> str | None:
    """`conversation.tenantId` on Teams; the channel's own name elsewhere, and on Teams
    when the activity has no tenant."""
    if activity.channel_id == TEAMS:
        tenant = conversation_tenant(activity)
        if tenant is not None:
            return tenant if valid_id(tenant, MAX_TENANT) else None
    return f"channel:{activity.channel_id}" if platform_of(activity) else None


def user_of(activity: Activity) -> str | None:
    sender = activity.from_property
    if sender is None:
        return None
    if activity.channel_id == TEAMS:
        if sender.aad_object_id:
            return sender.aad_object_id if valid_id(sender.aad_object_id, MAX_USER) else None
        user = FROM_ID_PREFIX + str(sender.id or "")
        return user if valid_id(sender.id, MAX_USER - len(FROM_ID_PREFIX)) else None
    return sender.id if valid_id(sender.id, MAX_USER) else None


def key_of(activity: Activity) -> ConversationKey | None:
    """The sender's key; None when a part is missing or malformed."""
    platform, tenant, user = platform_of(activity), tenant_of(activity), user_of(activity)
    if platform is None or tenant is None or user is None:
        return None
    return conversation_key(platform, tenant, user)


def event_of(activity: Activity, key: ConversationKey) -> EventId | None:
    """The activity's id for idempotency, in the sender's own platform and tenant."""
    if not valid_id(activity.id, MAX_EVENT):
        return None
    return EventId(key.platform, key.tenant, activity.id)


# Fields checked in the JSON itself: botbuilder's deserializer turns a number or an
# object where a string belongs into its str(), which would pass as an id.
_STRING_FIELDS = (
    ("type",),
    ("id",),
    ("channelId",),
    ("serviceUrl",),
    ("from", "id"),
    ("from", "aadObjectId"),
    ("from", "name"),
    ("recipient", "id"),
    ("conversation", "id"),
    ("conversation", "tenantId"),
    ("text",),
)


def problem_of(body: dict[str, Any], activity: Activity) -> str | None:
    """Why this activity cannot be handled (a 400), or None. Every activity needs a
    channel, a conversation id and a sender; each id present must fit its column, and
    ids that go into the connector's URLs must be ASCII."""
    for path in _STRING_FIELDS:
        value: Any = body
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, str):
            return f"{'.'.join(path)} is not a string"
    for name in ("from", "recipient", "conversation"):
        if body.get(name) is not None and not isinstance(body[name], dict):
            return f"{name} is not an object"
    conversation = activity.conversation
    sender = activity.from_property
    recipient = activity.recipient
    checks: list[tuple[str, Any, int, bool, bool]] = [
        ("channelId", activity.channel_id, MAX_PLATFORM, True, True),
        ("conversation.id", conversation.id if conversation else None, MAX_OTHER_ID, True, True),
        ("from.id", sender.id if sender else None, MAX_USER, True, False),
        ("id", activity.id, MAX_EVENT, False, True),
        ("from.aadObjectId", sender.aad_object_id if sender else None, MAX_USER, False, False),
        ("conversation.tenantId", conversation_tenant(activity), MAX_TENANT, False, False),
        ("recipient.id", recipient.id if recipient else None, MAX_OTHER_ID, False, True),
    ]
    for name, value, limit, required, ascii_only in checks:
        if (required or value is not None) and not valid_id(value, limit, ascii_only=ascii_only):
            return f"{name} missing or malformed"
    if platform_of(activity) is None:
        return "channelId malformed"
    for name in ("entities", "attachments", "members_added", "members_removed"):
        items = getattr(activity, name, None)
        if items is not None and any(item is None for item in items):
            return f"{name} malformed"
    for member in [*(activity.members_added or []), *(activity.members_removed or [])]:
        if not valid_id(member.id, MAX_OTHER_ID):
            return "member id missing or malformed"
    return None
