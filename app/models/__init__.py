"""SQLAlchemy models, one module per aggregate."""

from app.models.assessment import Answer, Assessment, AssessmentStatus, DimensionScore, Source
from app.models.organization import Organization
from app.models.peer_upload import PeerUpload
from app.models.staff import StaffSession, StaffUser

__all__ = ["Answer", "Assessment", "AssessmentStatus", "DimensionScore", "Organization",
           "PeerUpload", "Source", "StaffSession", "StaffUser"]
