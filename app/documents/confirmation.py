"""司法确认申请书: the parties' joint application to a court to confirm their agreement (人民调解法 Art 33),
with the materials the Supreme People's Court's provisions (法释〔2011〕5号) ask for and the parties'
undertaking."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.documents.shapes import FormDoc
from app.services import agreements
from app.services.disputes import get_dispute
from app.documents.pieces import by_role, cn_date, document_header, party_line, signer, term_with_amount

PROVISIONS = "《最高人民法院关于人民调解协议司法确认程序的若干规定》（法释〔2011〕5号）"
UNDERTAKING = ("申请人承诺：双方出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；"
               "如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。")


def judicial_confirmation(session: Session, dispute_id: int, part: str) -> FormDoc:
    v = get_dispute(session, dispute_id=dispute_id)
    a = agreements.get_agreement(session, dispute_id=dispute_id)
    header = document_header(session, v, "judicial-confirmation")
    court = a.jc_court or "________人民法院"
    terms = tuple(f"{t.position}. {term_with_amount(t)}；" for t in a.terms)
    materials = ["1. 人民调解协议书；", "2. 双方当事人的身份证明、资格证明；",
                 "3. 与调解协议相关的财产权利证明等证明材料；"]
    if any(p.agent_name for p in v.parties):
        materials.append(f"{len(materials) + 1}. 委托代理人的授权委托书；")
    materials.append(f"{len(materials) + 1}. 其他证明材料。")
    return FormDoc(header, (), parties=tuple(party_line(p) for p in by_role(v.parties)), paragraphs=(
        "请求事项：",
        f"请求人民法院依法确认申请人于{cn_date(a.signed_on)}经{header.committee}主持调解达成的人民调解协议"
        f"（{v.case_no}）有效。",
        "事实和理由：",
        f"申请人之间的{v.title}，经{header.committee}调解，于{cn_date(a.signed_on)}自愿达成如下协议：",
        *terms,
        f"该协议自{cn_date(a.effective_on)}起生效。为保障协议的履行，根据《中华人民共和国人民调解法》第三十三条及{PROVISIONS}"
        f"的规定，申请人自协议生效之日起三十日内共同向人民法院申请司法确认。",
        UNDERTAKING, "随本申请书提交下列材料：", *materials, "此致", court),
        party_signatures=tuple(signer(p, "申请人") for p in by_role(v.parties)),
        date=cn_date(a.jc_applied_on))
