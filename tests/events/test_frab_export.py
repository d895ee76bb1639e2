"""The programme in frab schedule XML, checked in our own code against every rule of
voc/schedule's ``validator/xsd/schedule.xml.xsd``, and the matching JSON's structure."""

from __future__ import annotations

import json
import re
import uuid
from xml.etree.ElementTree import Element, fromstring

import pytest
from django.test import Client

from events.exports.frab import SESSION_ID_OFFSET
from events.models import Session
from events.models.schedule import GUID_NAMESPACE
from events.services import schedule
from tests.events.programme_data import at, confirmed_submission, make_programme

pytestmark = pytest.mark.django_db

DURATION = re.compile(r"^(([0-9]{1,2}:[0-9]{2})|([0-9]{1,2}:[0-9]{2}:[0-9]{1,2}))$")
START = re.compile(r"^(([0-2][0-9]:[0-5][0-9])|([0-2][0-9]:[0-5][0-9]:[0-5][0-9]))$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")
CONFERENCE_ALL = {"title", "acronym", "start", "end", "days", "timeslot_duration"}
CONFERENCE_REQUIRED = {"title", "acronym"}
EVENT_REQUIRED = {
    "room", "title", "type", "date", "start", "duration", "abstract", "slug", "subtitle", "track",
}  # fmt: skip
EVENT_OPTIONAL = {"persons", "language", "description", "recording", "links"}


@pytest.fixture
def slug(db: None) -> str:
    programme = make_programme()
    for n, session in enumerate(
        [programme.sessions[1], programme.sessions[1], programme.sessions[2]]
    ):
        schedule.place_talk(
            submission=confirmed_submission(
                programme,
                "Même titre" if n < 2 else "La médiation & les « pairs »",
                speakers=((f"Personne {n}", f"p{n}@example.org"),),
            ),
            session=session,
        )
    Session.objects.create(
        event=programme.event,
        room=programme.rooms[0],
        title="Pause",
        kind=Session.Kind.BREAK,
        starts_at=at(11, 30),
        duration_minutes=15,
    )
    schedule.publish_programme(event=programme.event)
    return programme.event.slug


def children(node: Element) -> list[str]:
    return [child.tag for child in node]


def check_all_group(node: Element, allowed: set[str], required: set[str]) -> None:
    """An ``xs:all``: each element at most once, in any order, the required ones present."""
    tags = children(node)
    assert len(tags) == len(set(tags)), tags
    assert set(tags) <= allowed, set(tags) - allowed
    assert required <= set(tags), required - set(tags)


def test_the_xml_follows_every_rule_of_the_frab_schema(client: Client, slug: str) -> None:
    response = client.get(f"/evenements/{slug}/programme.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = fromstring(response.content)  # noqa: S314  # our own output, not hostile input

    # schedule: a sequence of version?, conference, day+ in this order
    assert root.tag == "schedule"
    tags = children(root)
    assert tags[0] == "version" and tags[1] == "conference"
    assert tags[2:] and set(tags[2:]) == {"day"}
    conference = root.find("conference")
    assert conference is not None
    check_all_group(conference, CONFERENCE_ALL, CONFERENCE_REQUIRED)
    for tag in ("start", "end"):
        assert DATE.match(conference.findtext(tag) or "")
    assert (conference.findtext("days") or "").isdigit()
    assert DURATION.match(conference.findtext("timeslot_duration") or "")

    events = []
    for index, day in enumerate(root.findall("day"), start=1):
        assert set(day.attrib) <= {"date", "start", "end", "index"}
        assert DATE.match(day.get("date", "")) and int(day.get("index", "0")) == index
        assert DATETIME.match(day.get("start", "")) and DATETIME.match(day.get("end", ""))
        assert set(children(day)) <= {"room"}
        for room in day.findall("room"):
            assert set(room.attrib) <= {"name"} and set(children(room)) <= {"event"}
            events.extend(room.findall("event"))
    assert len(events) == 5  # three talks, the opening and the break without talks
    for event in events:
        check_all_group(event, EVENT_REQUIRED | EVENT_OPTIONAL, EVENT_REQUIRED)
        assert int(event.get("id", "0")) > 0  # xs:positiveInteger, required
        assert uuid.UUID(event.get("guid", "")).version == 5
        assert START.match(event.findtext("start") or "")
        assert DURATION.match(event.findtext("duration") or "")
        assert DATETIME.match(event.findtext("date") or "")
        persons = event.find("persons")
        assert persons is not None and set(children(persons)) <= {"person"}
        for person in persons:
            assert set(person.attrib) <= {"id"} and int(person.get("id", "1")) > 0
        links = event.find("links")
        assert links is not None and set(children(links)) <= {"link"}
        assert all(set(link.attrib) <= {"href"} for link in links)
    # xs:unique guid_unique, id_unique, slug_unique
    for values in (
        [e.get("guid") for e in events],
        [e.get("id") for e in events],
        [e.findtext("slug") for e in events],
    ):
        assert len(values) == len(set(values))
    assert "La médiation &amp; les « pairs »" in response.content.decode()


def test_the_json_has_the_structure_of_the_schedule_json(client: Client, slug: str) -> None:
    data = json.loads(client.get(f"/evenements/{slug}/programme.json").content)

    assert set(data) <= {"schedule", "$schema", "generator"} and "schedule" in data
    schedule_data = data["schedule"]
    assert {"conference", "version"} <= set(schedule_data)
    conference = schedule_data["conference"]
    assert {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"} <= set(
        conference
    )
    assert re.match(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$", conference["acronym"])
    assert conference["time_zone_name"] == "Europe/Paris"
    assert [room["name"] for room in conference["rooms"]] == ["Amphithéâtre", "Salle 2"]
    assert all(uuid.UUID(room["guid"]) for room in conference["rooms"])
    (day,) = conference["days"]
    assert set(day) == {"index", "date", "day_start", "day_end", "rooms"}
    events = [event for talks in day["rooms"].values() for event in talks]
    required = {
        "abstract", "date", "duration", "guid", "id", "language", "links", "persons", "room",
        "slug", "start", "subtitle", "title", "track", "type", "url",
    }  # fmt: skip
    for event in events:
        assert required <= set(event)
        assert re.match(r"^[0-9]+:[0-9]{2}$", event["duration"]) and event["id"] >= 1
        assert re.match(r"^[a-z0-9_-]+[a-z0-9]$", event["slug"])
        if event["persons"]:  # a talk has its page; a session without talks its anchor
            assert event["url"].endswith(f"/programme/{event['slug']}/")
        else:
            assert re.search(r"/programme/#session-[0-9]+$", event["url"])
        for person in event["persons"]:
            assert person["name"] and re.match(r"^[A-Z0-9]+$", person["code"])
            assert uuid.UUID(person["guid"]).version == 5
    for key in ("guid", "slug", "id"):
        assert len({event[key] for event in events}) == 5


def _break() -> Session:
    return Session.objects.get(title="Pause")


def test_a_break_is_an_event_of_its_room_in_the_xml_in_order_of_start(
    client: Client, slug: str
) -> None:
    root = fromstring(client.get(f"/evenements/{slug}/programme.xml").content)  # noqa: S314
    (day,) = root.findall("day")
    rooms = {room.get("name"): room.findall("event") for room in day.findall("room")}
    pause = _break()

    amphi = rooms["Amphithéâtre"]
    titles = [e.findtext("title") for e in amphi]
    assert titles == ["Ouverture", "Même titre", "Même titre", "Pause"]
    assert [e.findtext("start") for e in amphi] == ["09:00", "10:30", "10:50", "11:30"]
    event = amphi[-1]
    assert event.get("guid") == str(uuid.uuid5(GUID_NAMESPACE, f"session-{pause.pk}"))
    assert event.get("id") == str(SESSION_ID_OFFSET + pause.pk)
    assert event.findtext("type") == "Pause" and event.findtext("duration") == "00:15"
    assert event.findtext("room") == "Amphithéâtre"
    persons = event.find("persons")
    assert persons is not None and len(persons) == 0
    assert [e.findtext("title") for e in rooms["Salle 2"]] == ["La médiation & les « pairs »"]


def test_a_break_is_an_event_of_its_room_in_the_json_with_a_stable_guid(
    client: Client, slug: str
) -> None:
    url = f"/evenements/{slug}/programme.json"
    (day,) = json.loads(client.get(url).content)["schedule"]["conference"]["days"]
    amphi = day["rooms"]["Amphithéâtre"]
    pause = _break()

    assert [e["start"] for e in amphi] == ["09:00", "10:30", "10:50", "11:30"]
    event = amphi[-1]
    assert event["title"] == "Pause" and event["type"] == "Pause" and event["persons"] == []
    assert event["guid"] == str(uuid.uuid5(GUID_NAMESPACE, f"session-{pause.pk}"))
    assert event["duration"] == "00:15" and event["room"] == "Amphithéâtre"
    again = json.loads(client.get(url).content)["schedule"]["conference"]["days"][0]
    assert again["rooms"]["Amphithéâtre"][-1]["guid"] == event["guid"]
