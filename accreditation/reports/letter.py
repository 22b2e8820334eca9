"""The decision letter as PDF, from the same data and sentences as its HTML page."""
from flask_babel import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from accreditation.reports import wording
from accreditation.reports.documents import DecisionDocument
from accreditation.reports.pdf import Writer, build
from accreditation.reports.wording import letter_title

def render_letter(doc: DecisionDocument, language: str) -> bytes:
    w = Writer(language)
    story = [
        w.p(letter_title(doc), "title"),
        w.p(doc.team), w.p(doc.directorate), w.p(doc.organisation),
        w.p(wording.day(doc.recorded_on)),
        Spacer(0, 4 * mm),
        w.p(wording.greeting(doc)),
    ]
    if note := wording.amendment(doc):
        story.append(w.p(note))
    story += [w.p(wording.decided(doc)), w.p(wording.what_it_means(doc))]
    if doc.deferral_requirements:
        story += [w.p(_("What your team must show"), "h3"), *w.paragraphs(doc.deferral_requirements)]
    story += [w.p(_("The reasons for the decision"), "h3"), *w.paragraphs(doc.rationale)]
    if doc.conditions:
        story += [w.p(_("Conditions"), "h3"), *w.paragraphs(doc.conditions)]
    story += [
        w.p(_("Improvement actions"), "h3"), w.p(wording.actions(doc)),
        w.p(_("Your right to appeal"), "h3"), w.p(wording.appeal(doc)),
        Spacer(0, 4 * mm),
        w.p(_("Yours sincerely,")), w.p(doc.chair), w.p(_("Chair of the final committee")),
    ]
    return build(story, w, title=letter_title(doc), author=doc.organisation, subject=_("Service user-led accreditation"))
