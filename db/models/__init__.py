"""All models, imported here so that Base.metadata knows every table."""
from db.models.committee import RosterMember, Team, TeamMember
from db.models.performance import Deposit, Nonperformance
from db.models.audit_anchor import CountyAuditEvent, CountyAuditLink
from db.models.agreement import Agreement, AgreementCitation, AgreementTerm, LegalProvision
from db.models.document import IssuedDocument
from db.models.dispute import CaseCounter, Dispute, DisputeMediator, Extension, StatusChange
from db.models.follow_up import FollowUp, StationSetting
from db.models.hearing import Hearing, HearingOfficer
from db.models.library import CaseLibraryEntry, MonthlySummary
from db.models.mediation import Attachment, Evidence, Investigation, MediationSession
from db.models.party import Party
from db.models.station import Mediator, Station
from db.models.station_work import (Grid, InfoReport, Place, PreventedDispute, Referral, RiskReport, Screening,
                                    ScreeningFinding)
from db.models.county import (CountyBundle, CountyConflict, CountyFile, CountyIdentity, CountyPerson, CountyReceipt,
                               CountyStation)
from db.models.security import Account, AuditEntry, AuditHead
from db.models.sync import ChangeLog, SentBundle

__all__ = ["Account", "AuditEntry", "AuditHead", "Agreement", "AgreementCitation", "AgreementTerm", "Attachment", "CaseCounter", "CaseLibraryEntry", "Deposit", "Nonperformance", "RosterMember", "Team", "TeamMember", "ChangeLog", "CountyAuditEvent", "CountyAuditLink", "CountyBundle", "CountyConflict",
           "CountyFile", "CountyIdentity", "CountyPerson", "CountyReceipt", "CountyStation", "Dispute",
           "DisputeMediator", "Evidence", "Extension", "FollowUp", "Grid", "Hearing", "HearingOfficer",
           "InfoReport", "Investigation", "IssuedDocument", "LegalProvision", "MediationSession", "Mediator",
           "MonthlySummary", "Party", "Place", "PreventedDispute", "Referral", "RiskReport", "Screening",
           "ScreeningFinding", "SentBundle", "Station", "StationSetting", "StatusChange"]
