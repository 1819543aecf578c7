"""SQLAlchemy models, one module per aggregate."""

from app.models.assessment import Answer, Assessment, AssessmentStatus, DimensionScore, Source, Trust
from app.models.follow_up import DimensionTarget, ShareLink
from app.models.message import MessageStatus, OutgoingMessage
from app.models.organization import Organization
from app.models.peer_upload import PeerUpload
from app.models.private_link import LinkReissue
from app.models.reminder import ReminderSubscription
from app.models.round import AssessmentRound, Invitation
from app.models.staff import StaffSession, StaffUser
from app.models.team import Team, TeamMember, TeamNote

__all__ = ["Answer", "Assessment", "AssessmentRound", "AssessmentStatus", "DimensionScore",
           "DimensionTarget", "Invitation", "LinkReissue", "MessageStatus", "Organization",
           "OutgoingMessage", "PeerUpload", "ReminderSubscription", "ShareLink", "Source",
           "StaffSession", "StaffUser", "Team", "TeamMember", "TeamNote", "Trust"]
