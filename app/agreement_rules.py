"""What an agreement must contain before it can be signed (人民调解法 Art 29, 若干规定 Art 35). Pure."""
from __future__ import annotations

from app.i18n import _
from app.record_views import AgreementView


def missing_parts(agreement: AgreementView, *, applicants: int, respondents: int) -> list[str]:
    """Every required part that is absent, in plain words; empty when the agreement is complete."""
    missing = []
    if applicants < 1 or respondents < 1:
        missing.append(_("the parties on both sides"))
    if not agreement.facts.strip():
        missing.append(_("the main facts (经调查查明)"))
    if not agreement.terms:
        missing.append(_("at least one agreed term"))
    for t in agreement.terms:
        n = t.position
        if not t.content.strip():
            missing.append(_("the content of term {n}").format(n=n))
        if not t.obligor_uid:
            missing.append(_("who performs term {n}").format(n=n))
        if t.due_on is None:
            missing.append(_("the deadline of performance of term {n}").format(n=n))
        if t.involves_money and t.amount is None:
            missing.append(_("the amount of term {n}, which involves money").format(n=n))
        if agreement.form == "written" and not t.method.strip():
            missing.append(_("the method of performance of term {n}").format(n=n))
        if agreement.form == "written" and not t.place.strip():
            missing.append(_("the place of performance of term {n}").format(n=n))
    if agreement.form == "written":
        if not agreement.matters.strip():
            missing.append(_("the matters in dispute (争议事项)"))
        if not agreement.responsibilities.strip():
            missing.append(_("each party's responsibility"))
        if not agreement.findings.strip():
            missing.append(_("the reasoning: what was found"))
        if not agreement.citations:
            missing.append(_("the reasoning: the legal basis (statute and article)"))
        if not agreement.fairness.strip():
            missing.append(_("the reasoning: why the terms are fair"))
        if agreement.copies < applicants + respondents + 1:
            missing.append(_("enough copies (one per party and one for the committee)"))
    return missing
