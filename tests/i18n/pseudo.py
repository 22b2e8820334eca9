"""A pseudo-translation for tests: every message in translations/messages.pot, and every text of the standards,
wrapped in ⟦…⟧ (placeholders kept), made in a temporary folder. A page in it that shows English from the
catalogue template shows a string that never went through a translation."""
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from accreditation.config import PROJECT_ROOT
from accreditation.standards.loader import read_set
from accreditation.standards.translations import SET_TEXT, STANDARD_TEXT, THEME_TEXT

POT = PROJECT_ROOT / "translations" / "messages.pot"
OPEN, CLOSE = "⟦", "⟧"
WRAPPED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def wrap(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def template_messages() -> list:
    with open(POT, "rb") as handle:
        return [m for m in read_po(handle) if m.id]


def write_catalogue(directory: Path, locale: str, strings: dict | None = None, needs_review: bool = False) -> Path:
    """A compiled catalogue for `locale`: `strings` (msgid -> text) if given, else every message wrapped."""
    header = "# A catalogue made by the tests.\n" + ("# X-Needs-Review: yes\n" if needs_review else "")
    catalogue = Catalog(locale=locale, header_comment=header, project="accreditation")
    if strings is None:
        for message in template_messages():
            if isinstance(message.id, tuple):
                forms = [wrap(message.id[0])] + [wrap(message.id[1])] * (catalogue.num_plurals - 1)
                catalogue.add(message.id, tuple(forms), flags=message.flags, context=message.context)
            else:
                catalogue.add(message.id, wrap(message.id), flags=message.flags, context=message.context)
    else:
        for msgid, text in strings.items():
            catalogue.add(msgid, text)
    folder = directory / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "messages.po", "wb") as handle:
        write_po(handle, catalogue)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalogue)
    return folder / "messages.po"


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings and lists of strings are valid TOML


def write_standards(directory: Path, locale: str, needs_review: bool = True) -> Path:
    """The standards folder with a wrapped translation of every set into `locale`."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in sorted((PROJECT_ROOT / "standards").glob("*.toml")):
        shutil.copy(source, directory / source.name)
        data = read_set(source)
        lines = [f"version = {_toml(data['version'])}", f"needs_review = {str(needs_review).lower()}"]
        lines += [f"{name} = {_toml(wrap(data[name]))}" for name in SET_TEXT]
        for kind, fields in (("themes", THEME_TEXT), ("standards", STANDARD_TEXT)):
            for item in data[kind]:
                lines += ["", f"[[{kind}]]", f"code = {_toml(item['code'])}"]
                for name in fields:
                    value = item[name]
                    lines.append(f"{name} = {_toml([wrap(v) for v in value] if isinstance(value, list) else wrap(value))}")
        target = directory / "translations" / locale / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


class VisibleText(HTMLParser):
    """The text a person meets on a page: text, and the labels in alt, aria-label, placeholder and title
    attributes; not scripts, not the page's <title> (plain text that cannot isolate a team's name; it repeats
    the h1), and not text people typed (isolated in <bdi> or dir="auto")."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    LABELS = ("alt", "aria-label", "placeholder", "title")

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = self.hidden or tag in ("script", "style", "title", "bdi") or attributes.get("dir") == "auto"
        if not skip:
            self.chunks += [attributes[name] for name in self.LABELS if attributes.get(name)]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.chunks.append(data.strip())


def untranslated(page: str) -> str:
    """What is left of a page's visible text once every wrapped (translated) string is taken out."""
    parser = VisibleText()
    parser.feed(page)
    text = " ".join(parser.chunks)
    while WRAPPED.search(text):  # translations nest: a translated message inside another's placeholder
        text = WRAPPED.sub(" ", text)
    return text


def _nhs_defaults() -> set[str]:
    """The English words the NHS.UK macros fall back on when a page passes none (such as "Error" before a
    field's error message): each must be passed, translated, wherever the macro is used."""
    import nhsuk_frontend_jinja

    folder = Path(nhsuk_frontend_jinja.__file__).parent / "templates"
    return {
        text for path in folder.rglob("*.jinja")
        for text in re.findall(r'default\("([A-Z][^"]{3,})"', path.read_text(encoding="utf-8"))
    } - {"NHS"}


def english_phrases() -> re.Pattern:
    """Every piece of source text in the template, between its placeholders, and every English fallback of the
    NHS macros, as one pattern of whole words."""
    phrases = _nhs_defaults()
    for message in template_messages():
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;()–-")
                # A word or two between placeholders ("to", "on") would match people's own words; the NHS
                # is a name, the same in every language.
                if len(re.findall(r"[A-Za-z]", piece)) > 3 and piece != "NHS":
                    phrases.add(piece)
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w⟦])(?:{alternatives})(?![\w⟧])")


def use(app, monkeypatch, translations: Path, standards: Path | None = None) -> None:
    """Point a running app at other catalogues (and standards) for one test."""
    babel = app.extensions["babel"]
    monkeypatch.setitem(app.config, "TRANSLATIONS_DIR", str(translations))
    monkeypatch.setattr(babel, "translation_directories", [str(translations)])
    if standards is not None:
        monkeypatch.setitem(app.config, "STANDARDS_DIR", str(standards))
    with app.app_context():  # the domain is made on first use, inside an app
        domain = babel.instance.domain_instance
    monkeypatch.setattr(domain, "cache", {})  # translations are cached per locale; the original comes back after
