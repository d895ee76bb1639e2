"""With STORAGE_URL, files go to a private S3 bucket (a real S3 API: moto's server), are
handed out only after the permission check, through URLs signed for a minute, and erasure
deletes them."""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from events.models import CallForPapers
from experiences import services
from experiences.models import ErasureLog, ResponseAttachment
from network.env import LOCAL_BACKEND, S3_BACKEND, storage_from_url
from network.models import User
from tests.experiences.factories import CampaignFactory, ResponseFactory
from tests.factories import CallForPapersFactory, PressDossierFactory
from tests.production.conftest import BUCKET

pytestmark = pytest.mark.django_db


def keys(s3_client: Any) -> list[str]:
    return [item["Key"] for item in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def fetch(url: str) -> tuple[int, bytes, dict[str, str]]:
    """What a browser following the link gets (header names in lower case)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
            return answer.status, answer.read(), {k.lower(): v for k, v in answer.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read(), {}


def test_without_storage_url_files_stay_in_the_media_folder() -> None:
    assert storage_from_url(environ={}) == {"BACKEND": LOCAL_BACKEND}


def test_the_storage_url_makes_a_private_bucket_with_signed_links() -> None:
    storage = storage_from_url(
        environ={
            "STORAGE_URL": "s3://fichiers/reseau?endpoint_url=https://s3.fr-par.example&region_name=fr-par",
            "AWS_ACCESS_KEY_ID": "cle",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )

    assert storage["BACKEND"] == S3_BACKEND
    assert storage["OPTIONS"] | {} == {
        "bucket_name": "fichiers",
        "location": "reseau",
        "endpoint_url": "https://s3.fr-par.example",
        "region_name": "fr-par",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "access_key": "cle",
        "secret_key": "secret",
    }


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"STORAGE_URL": "https://bucket"}, "STORAGE_URL must look like s3://bucket"),
        ({"STORAGE_URL": "s3://b?acl=public-read"}, "unknown options"),
        ({"STORAGE_URL": "s3://b", "AWS_ACCESS_KEY_ID": "k"}, "go together"),
    ],
)
def test_a_bad_storage_configuration_is_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_from_url(environ=environ)


def test_a_call_document_goes_to_the_bucket_and_is_served_by_a_signed_link(
    client: Client, bucket: str, s3_client: Any, settings: Any
) -> None:
    call: CallForPapers = CallForPapersFactory()
    call.document = SimpleUploadedFile("appel.pdf", b"%PDF-1.4 appel")
    call.save()

    answer = client.get(f"/evenements/{call.event.slug}/appel/document/")

    [key] = keys(s3_client)
    assert key.startswith("fichiers/appels/")
    assert not (settings.MEDIA_ROOT).exists()
    assert answer.status_code == 302
    assert answer["Cache-Control"] == "private, no-store"
    query = parse_qs(urlsplit(answer["Location"]).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]
    assert query["response-content-disposition"] == [
        f'inline; filename="appel-{call.event.slug}.pdf"'
    ]
    status, body, _headers = fetch(answer["Location"])
    assert (status, body) == (200, b"%PDF-1.4 appel")


def test_bucket_objects_are_private(bucket: str, s3_client: Any) -> None:
    call: CallForPapers = CallForPapersFactory()
    call.document = SimpleUploadedFile("appel.pdf", b"%PDF-1.4 appel")
    call.save()

    grants = s3_client.get_object_acl(Bucket=BUCKET, Key=keys(s3_client)[0])["Grants"]

    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers, no public


def test_no_link_for_a_call_document_the_visitor_may_not_read(
    client: Client, bucket: str, coordinator: User
) -> None:
    call: CallForPapers = CallForPapersFactory(event__published=False)
    call.document = SimpleUploadedFile("appel.pdf", b"%PDF-1.4 appel")
    call.save()
    url = f"/evenements/{call.event.slug}/appel/document/"

    anonymous = client.get(url)
    client.force_login(coordinator)
    coordination = client.get(url)

    assert anonymous.status_code == 404 and "Location" not in anonymous
    assert coordination.status_code == 302


def test_an_experience_attachment_is_downloaded_then_erased_from_the_bucket(
    client: Client,
    bucket: str,
    s3_client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    response = ResponseFactory(campaign=CampaignFactory(), submitted=True)
    attachment = ResponseAttachment.objects.create(
        response=response,
        file=ContentFile(b"%PDF-1.4 compte rendu", name="cr.pdf"),
        name="compte-rendu.pdf",
        content_type="application/pdf",
        size=21,
    )
    [key] = keys(s3_client)
    token = services.response_token(response)

    download = client.get(f"/experiences/reponse/{token}/documents/{attachment.pk}/")
    status, body, headers = fetch(download["Location"])
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_response(response, reason=ErasureLog.Reason.RESPONDENT)

    assert key.startswith(f"fichiers/experiences/{response.campaign_id}/")
    assert download.status_code == 302
    assert (status, body) == (200, b"%PDF-1.4 compte rendu")
    assert headers["content-disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert keys(s3_client) == []
    assert fetch(download["Location"])[0] != 200  # the signed link outlives nothing


def test_the_press_dossier_is_read_from_the_bucket(
    client: Client, bucket: str, s3_client: Any
) -> None:
    dossier = PressDossierFactory()
    dossier.file.save("dossier.pdf", ContentFile(b"%PDF-1.4 dossier"))

    answer = client.get("/structures/dossier-de-presse/telecharger.pdf")

    assert keys(s3_client)[0].startswith("fichiers/dossiers/")
    assert answer.status_code == 302
    status, body, headers = fetch(answer["Location"])
    assert (status, body) == (200, b"%PDF-1.4 dossier")
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'attachment; filename="dossier-de-presse-2025-02.pdf"'


def test_backups_hold_the_bucket_s_objects_and_put_them_back(
    bucket: str, s3_client: Any, tmp_path: Any
) -> None:
    import sqlite3

    from django.core.files.storage import default_storage

    from network import file_backups

    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}
    with sqlite3.connect(database["NAME"]) as db:
        db.execute("CREATE TABLE t (x)")
    default_storage.save("appels/appel.pdf", ContentFile(b"%PDF-1.4 appel"))
    default_storage.save("experiences/3/4f2a", ContentFile(b"%PDF-1.4 cr"))

    figures = file_backups.verify_backup(tmp_path / "b", database=database)
    default_storage.delete("appels/appel.pdf")
    file_backups.restore_everything(tmp_path / "b", database=database)

    assert figures == {"tables": 1, "rows": 0, "files": 2, "bytes": 25}
    assert sorted(keys(s3_client)) == ["fichiers/appels/appel.pdf", "fichiers/experiences/3/4f2a"]
    assert default_storage.open("appels/appel.pdf").read() == b"%PDF-1.4 appel"
