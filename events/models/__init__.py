from events.models.attendance import Attendance, Certificate, CertificateRun, SignInSheet
from events.models.programme import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    SlotSpeaker,
)
from events.models.registrations import Registration
from events.models.reviews import Review, ReviewCriterion, ReviewScore
from events.models.schedule import Room, Session, SubmissionType, Talk
from events.models.submissions import Submission, SubmissionSpeaker

__all__ = [
    "Attendance",
    "CallForPapers",
    "CallTheme",
    "Certificate",
    "CertificateRun",
    "ContributionKind",
    "Event",
    "ProgrammeSlot",
    "Registration",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "Session",
    "SignInSheet",
    "SlotSpeaker",
    "Submission",
    "SubmissionSpeaker",
    "SubmissionType",
    "Talk",
]
