"""The events app's pages, by concern; ``events.urls`` names them as ``views.<name>``."""

from events.views.answers import answer_file, speaker_answers
from events.views.public import (
    call_detail,
    call_document,
    event_detail,
    event_ical,
    event_list,
    events_ical,
)
from events.views.registrations import registration_cancel, registration_confirm, registration_new
from events.views.reviews import my_reviews, review_edit
from events.views.speakers import (
    speaker_detail,
    speaker_invitation,
    speaker_list,
    speaker_own_photo,
    speaker_photo,
    speaker_profile,
)
from events.views.submissions import (
    my_submissions,
    submission_attachment,
    submission_autosave,
    submission_confirm,
    submission_decline,
    submission_draft_start,
    submission_edit,
    submission_new,
)

__all__ = [
    "answer_file",
    "call_detail",
    "call_document",
    "event_detail",
    "event_ical",
    "event_list",
    "events_ical",
    "my_reviews",
    "my_submissions",
    "registration_cancel",
    "registration_confirm",
    "registration_new",
    "review_edit",
    "speaker_answers",
    "speaker_detail",
    "speaker_invitation",
    "speaker_list",
    "speaker_own_photo",
    "speaker_photo",
    "speaker_profile",
    "submission_attachment",
    "submission_autosave",
    "submission_confirm",
    "submission_decline",
    "submission_draft_start",
    "submission_edit",
    "submission_new",
]
