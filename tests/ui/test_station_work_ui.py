"""The 排查与预防 page, the places dialog and the case window's 风险与转介 tab, driven as a clerk does: records
typed in and saved on the DB worker, shown in the lists, a finding turned into a case in one action, and the
agenda and the register following."""
from __future__ import annotations

from app.access import Actor
from app.services import places, referrals, risks, screenings
from tests.conftest import TODAY, register
from tests.ui.conftest import type_text
from ui.main_window import MainWindow


def village(db) -> tuple[int, int]:
    with db.write.begin() as s:
        p = places.add_place(s, name="城东村")
        g = places.add_grid(s, place_id=p.id, name="一网格")
    return p.id, g.id


def test_a_screening_visit_is_typed_in_and_its_finding_becomes_a_linked_case(backend, db, qtbot, ui_settings):
    place_id, grid_id = village(db)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    page = window.show_station_work()
    page.new_screening()
    dialog = page._dialog
    dialog.place.set_value(place_id, grid_id)
    type_text(dialog.others, "网格员赵六")
    dialog.add_finding()
    type_text(dialog.findings.cellWidget(0, 1), "两户因排水沟争执")
    dialog.findings.cellWidget(0, 2).setValue(3)
    dialog.findings.cellWidget(0, 3).setCurrentIndex(2)                  # 橙
    type_cell = dialog.findings.cellWidget(0, 0)
    assert type_cell.currentData() == "" and type_cell.currentText() == "（请选择）"   # no type preset
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.isVisible(), timeout=5000)      # refused: the type is required
    assert type_cell.property("invalid") and "纠纷类型" in dialog.errors.text() and dialog.saved is None
    with db.read() as s:
        assert screenings.list_screenings(s) == []
    type_cell.setCurrentIndex(type_cell.findData("02"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    qtbot.waitUntil(lambda: page.screenings.topLevelItemCount() == 1, timeout=5000)
    visit = page.screenings.topLevelItem(0)
    assert visit.text(1) == "城东村 · 一网格" and "王调解" in visit.text(2) and "网格员赵六" in visit.text(2)
    finding = visit.child(0)
    assert (finding.text(1), finding.text(2), finding.text(3)) == ("两户因排水沟争执", "3", "橙")

    page.screenings.setCurrentItem(finding)
    page.case_from_finding()
    qtbot.waitUntil(lambda: type(getattr(page, "_dialog", None)).__name__ == "DisputeDialog", timeout=5000)
    form = page._dialog
    assert form.title.text() == "两户因排水沟争执" and form.place.value() == (place_id, grid_id)
    assert form.risk.currentData() == "orange" and form.source.currentData() == "initiative"
    type_text(form.parties.form.widgets["name"], "张三")
    type_text(form.sides_reason, "排查发现，另一方尚未查明")        # one side so far: the reason is stated
    form.save()
    qtbot.waitUntil(lambda: form.saved is not None, timeout=5000)
    with db.read() as s:
        [view] = screenings.list_screenings(s)
        assert view.findings[0].dispute_id == form.saved.id and view.findings[0].handling == "case"
    qtbot.waitUntil(lambda: page.screenings.topLevelItem(0).child(0).text(4) == "已登记为案件", timeout=5000)
    # the register filters by the village; the agenda asks for the orange case's report
    window.tabs.setCurrentWidget(window.page)
    window.page.place.setCurrentIndex(window.page.place.findData(place_id))
    qtbot.waitUntil(lambda: window.page.model.rowCount() == 1, timeout=3000)
    assert [i.kind for i in window.agenda_source.items() if i.dispute_id == form.saved.id] == ["risk_report"]


def test_a_refused_form_marks_its_fields_and_saves_nothing(backend, db, qtbot):
    village(db)
    from ui.station_work_dialogs import PreventedDialog

    dialog = PreventedDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.isVisible(), timeout=5000)
    assert dialog.place.place.property("invalid") and dialog.how.property("invalid")
    assert dialog.people.property("invalid") and dialog.isVisible()
    assert dialog.type.currentText() == "（请选择）" and dialog.type.property("invalid")   # never 婚姻家庭 unasked
    assert "纠纷类型" in dialog.errors.text()
    with db.read() as s:
        from app.services import prevention
        assert prevention.list_prevented(s) == []


def test_reports_and_prevented_disputes_are_saved_and_listed(backend, db, qtbot, ui_settings):
    place_id, _grid = village(db)
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    page = window.show_station_work()
    page.new_report()
    dialog = page._dialog
    type_text(dialog.reporter, "赵六")
    dialog.place.set_value(place_id)
    dialog.content.setPlainText("三户村民因修路占地争吵")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    page.new_prevented()
    dialog = page._dialog
    dialog.place.set_value(place_id)
    dialog.people.setValue(4)
    dialog.how.setPlainText("上门劝解")
    dialog.type.setCurrentIndex(dialog.type.findData("02"))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert dialog.saved.type_code == "02"
    qtbot.waitUntil(lambda: page.prevented.topLevelItemCount() == 1 and page.reports.topLevelItemCount() == 1,
                    timeout=5000)
    assert page.reports.topLevelItem(0).text(1) == "信息员 赵六"
    assert [page.prevented.topLevelItem(0).text(c) for c in (1, 3, 4, 5)] == ["城东村", "4", "上门劝解", "王调解"]


def test_the_places_dialog_is_the_heads_and_sets_the_screening_interval(backend, db, qtbot, answers):
    from ui.places_dialog import PlacesDialog

    backend.actor = Actor(None, "王调解", "head", mediator_id=1)
    dialog = PlacesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.interval.value() == 30, timeout=5000)
    dialog.interval.setValue(14)
    dialog.set_interval()
    qtbot.waitUntil(lambda: "14" in dialog.status.text(), timeout=5000)
    with db.read() as s:
        assert places.screening_interval(s) == 14
    backend.actor = Actor(None, "李记录", "mediator", mediator_id=2)
    dialog.interval.setValue(7)
    dialog.set_interval()
    qtbot.waitUntil(lambda: bool(answers.seen), timeout=5000)        # refused by the service, said in Chinese
    assert "主任" in answers.seen[0][1]
    with db.read() as s:
        assert places.screening_interval(s) == 14


def test_the_case_window_records_a_risk_report_and_a_court_referral(backend, db, qtbot, ui_settings):
    case = register(db, title="宅基地纠纷", risk_level="red")
    window = MainWindow(backend, ui_settings)
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_case(case)
    tab = next(dialog.tabs.widget(i) for i in range(dialog.tabs.count())
               if type(dialog.tabs.widget(i)).__name__ == "RiskReferralTab")
    assert tab.buttons["report"].isEnabled() and not tab.buttons["reply"].isEnabled()
    tab.add_report()
    form = tab._dialog
    form.fields["recipient"].setText("城关派出所")
    form.save()
    qtbot.waitUntil(lambda: form.saved is not None, timeout=5000)
    with db.read() as s:
        [report] = risks.list_risk_reports(s, dispute_id=case)
    assert report.recipient == "城关派出所" and report.risk_level == "red"
    qtbot.waitUntil(lambda: [i for i in window.agenda_source.items() if i.kind == "risk_report"] == [], timeout=5000)

    tab = next(dialog.tabs.widget(i) for i in range(dialog.tabs.count())
               if type(dialog.tabs.widget(i)).__name__ == "RiskReferralTab")
    assert tab.reports.topLevelItemCount() == 1 and tab.buttons["reply"].isEnabled()
    tab.add_referral("court")
    form = tab._dialog
    form.fields["body"].setText("城关人民法庭")
    form.save()                                               # no letter number, no deadline: refused
    qtbot.waitUntil(lambda: form.errors.isVisible(), timeout=5000)
    assert form.fields["letter_no"].property("invalid") and form.fields["due_on"].property("invalid")
    form.fields["letter_no"].setText("（2026）浙0101诉前调1号")
    form.fields["due_on"].setValue(TODAY.replace(day=30))
    form.save()
    qtbot.waitUntil(lambda: form.saved is not None, timeout=5000)
    with db.read() as s:
        [court] = referrals.list_referrals(s, dispute_id=case)
    assert (court.direction, court.court_kind, court.due_on) == ("court", "assigned", TODAY.replace(day=30))
    assert [i.detail for i in window.agenda_source.items() if i.kind == "referral"] == ["城关人民法庭"]
    dialog.close()


def test_an_empty_village_name_is_refused_before_the_kind_is_asked(backend, db, qtbot, answers, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from ui.places_dialog import PlacesDialog

    backend.actor = Actor(None, "王调解", "head", mediator_id=1)
    dialog = PlacesDialog(backend)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tree.headerItem().text(0) == "名称"                  # a village has a 名称, not a 姓名
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("  ", True)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: asked.append(a) or ("村", True)))
    dialog.add_place()
    assert asked == []                                                 # refused at once, the kind not asked
    assert answers.seen == [("warning", answers.seen[0][1])] and "名称：此项为必填项" in answers.seen[0][1]
    assert "姓名" not in answers.seen[0][1]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("城东村", True)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (a[3][0], True)))
    dialog.add_place()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=5000)
    assert dialog.tree.topLevelItem(0).text(0) == "城东村"
