"""Where uploaded files live, and how they are served.

Without ``STORAGE_URL`` files go to ``MEDIA_ROOT`` (one host, or a shared folder). With
``STORAGE_URL=s3://bucket/prefix?endpoint_url=https://…&region_name=…`` they go to an
S3-compatible bucket through django-storages, so that web and worker hosts share nothing but
services. The bucket stays private: objects are written with the ``private`` ACL and only ever
reached through URLs signed for a minute (settings read ``STORAGE_URL`` with
:func:`network.env.storage_from_url`), handed out by views that checked the permission
first (:func:`serve_file`). Credentials come from ``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY`` (or their ``_FILE`` variants), never from the URL's query.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect

from network.env import SIGNED_URL_SECONDS


def is_remote(fieldfile: FieldFile) -> bool:
    """True when the file lives in a bucket, not in a local folder."""
    return hasattr(fieldfile.storage, "bucket_name")


def serve_file(
    request: HttpRequest,
    fieldfile: FieldFile,
    filename: str,
    *,
    as_attachment: bool = False,
    content_type: str | None = None,
) -> HttpResponse | FileResponse:
    """Answer with a file the caller has already allowed the user to read.

    A local file is streamed. A file in a bucket is not made public: the answer redirects to
    a URL signed for :data:`SIGNED_URL_SECONDS`, which names the file and its type. Either
    answer is private to the user and not stored by caches."""
    if is_remote(fieldfile):
        disposition = "attachment" if as_attachment else "inline"
        parameters = {"ResponseContentDisposition": f'{disposition}; filename="{filename}"'}
        if content_type:
            parameters["ResponseContentType"] = content_type
        answer: HttpResponse | FileResponse = HttpResponseRedirect(
            fieldfile.storage.url(  # type: ignore[call-arg]
                fieldfile.name, parameters=parameters, expire=SIGNED_URL_SECONDS
            )
        )
    else:
        answer = FileResponse(
            fieldfile.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            **({"content_type": content_type} if content_type else {}),
        )
    answer["Cache-Control"] = "private, no-store"
    return answer
