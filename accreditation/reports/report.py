"""The full accreditation report as PDF, from the same data and sentences as its HTML page."""
from functools import cache

from flask_babel import gettext as _
from reportlab.lib.units import mm

from accreditation.reports import wording
from accreditation.reports.documents import DecisionDocument
from accreditation.reports.pdf import Writer, build, content_width
from accreditation.reports.wording import report_title, summary_rows


def render_report(doc: DecisionDocument, language: str) -> bytes:
    w = Writer(language)
    width = content_width()
    story = [w.p(report_title(doc), "title"),
             w.table([list(row) for row in summary_rows(doc)], [0.3 * width, 0.7 * width], labels=True)]
    if note := wording.amendment(doc):
        story.append(w.p(note))
    story += [w.p(_("The reasons for the decision"), "h2"), *w.paragraphs(doc.rationale)]

    story.append(w.p(_("Findings for each standard"), "h2"))
    columns = [_("Standard"), _("Tier"), _("The team's rating"), _("Assessors' score"), _("Finding")]
    widths = [mm * n for n in (40, 25, 20, 24)]
    widths.append(width - sum(widths))
    score = cache(wording.score)  # each score's words translated once, not per standard
    for theme in doc.themes:
        rows = [columns] + [
            [f"{s.code}: {s.title}", s.tier, s.self_rating or "–", score(s.score), s.finding] for s in theme.standards
        ]
        story += [w.p(theme.title, "h3"), w.table(rows, widths, header=True)]

    story += [w.p(_("Strengths"), "h2"), *w.paragraphs(doc.strengths or "–")]
    story += [w.p(_("Areas for improvement"), "h2"), *w.paragraphs(doc.improvements or "–")]
    story += [w.p(_("Conditions"), "h2"), *w.paragraphs(doc.conditions or _("The committee set no conditions."))]
    story += [w.p(_("Improvement actions"), "h2"), w.p(wording.actions_in_report(doc))]
    if doc.improvement_actions:
        rows = [[_("Standard"), _("Assessors' score"), _("Finding")]] + [
            [f"{s.code}: {s.title}", score(s.score), s.finding] for s in doc.improvement_actions
        ]
        story.append(w.table(rows, [45 * mm, 25 * mm, width - 70 * mm], header=True))
    return build(story, w, title=report_title(doc), author=doc.organisation, subject=_("Service user-led accreditation"))
