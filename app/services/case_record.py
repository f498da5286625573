"""Everything recorded about one case, in one frozen snapshot: what the procedural checks and the case
window look at."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.record_views import (AgreementView, DepositView, EvidenceView, FollowUpView, HearingView, InvestigationView,
                              NonperformanceView, SessionView)
from app.services import agreements, evidence, follow_ups, hearings, performance, referrals, risks, sessions
from app.services.referrals import ReferralView
from app.services.risks import RiskReportView
from app.services.disputes import get_dispute
from app.views import DisputeView


@dataclass(frozen=True)
class CaseRecord:
    dispute: DisputeView
    sessions: tuple[SessionView, ...]
    investigations: tuple[InvestigationView, ...]
    evidence: tuple[EvidenceView, ...]
    hearings: tuple[HearingView, ...]
    agreement: AgreementView | None
    follow_ups: tuple[FollowUpView, ...]
    nonperformance: tuple[NonperformanceView, ...] = ()
    deposits: tuple[DepositView, ...] = ()
    risk_reports: tuple[RiskReportView, ...] = ()
    referrals: tuple[ReferralView, ...] = ()

    @property
    def recorded_sessions(self) -> list[SessionView]:
        return [s for s in self.sessions if s.status == "recorded"]


def load_case_record(session: Session, *, dispute_id: int) -> CaseRecord:
    return CaseRecord(
        dispute=get_dispute(session, dispute_id=dispute_id),
        sessions=tuple(sessions.list_sessions(session, dispute_id=dispute_id)),
        investigations=tuple(evidence.list_investigations(session, dispute_id=dispute_id)),
        evidence=tuple(evidence.list_evidence(session, dispute_id=dispute_id)),
        hearings=tuple(hearings.list_hearings(session, dispute_id=dispute_id)),
        agreement=agreements.get_agreement(session, dispute_id=dispute_id),
        follow_ups=tuple(follow_ups.list_follow_ups(session, dispute_id=dispute_id)),
        nonperformance=tuple(performance.list_nonperformance(session, dispute_id=dispute_id)),
        deposits=tuple(performance.list_deposits(session, dispute_id=dispute_id)),
        risk_reports=tuple(risks.list_risk_reports(session, dispute_id=dispute_id)),
        referrals=tuple(referrals.list_referrals(session, dispute_id=dispute_id)))
