from events.models.attendance import Attendance, Certificate, CertificateRun, SignInSheet
from events.models.conflicts import ConflictOfInterest
from events.models.programme import (
    CallForPapers,
    CallTheme,
    ContributionKind,
    Event,
    ProgrammeSlot,
    SlotSpeaker,
)
from events.models.questions import Answer, Question
from events.models.registrations import Registration
from events.models.reviews import Review, ReviewCriterion, ReviewScore
from events.models.schedule import Room, Session, SubmissionType, Talk
from events.models.speakers import SpeakerProfile
from events.models.submissions import Submission, SubmissionSpeaker

__all__ = [
    "Answer",
    "Attendance",
    "CallForPapers",
    "CallTheme",
    "Certificate",
    "CertificateRun",
    "ConflictOfInterest",
    "ContributionKind",
    "Event",
    "ProgrammeSlot",
    "Question",
    "Registration",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Room",
    "Session",
    "SignInSheet",
    "SlotSpeaker",
    "SpeakerProfile",
    "Submission",
    "SubmissionSpeaker",
    "SubmissionType",
    "Talk",
]
