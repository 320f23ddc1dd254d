"""An organisation's name inside a sentence: with its article, lower-case mid-sentence.

A scenario names each agency as a label ("Sociale dienst", "GGZ", "Wijkteam",
"Neighbourhood team"). A catalog sentence puts it in its `{agency}`
placeholder as a person would say it: "de sociale dienst", "het wijkteam",
"de GGZ", "the police"; `sentence()` capitalises whatever ends up first
("De sociale dienst speelt …"). The rule (docs/translating.md):

- a name that already starts with an article ("de buurvrouw", "the landlord")
  is taken as written, its article lower-cased;
- otherwise the name's last word is looked up among the common nouns below
  (Dutch compounds by their last part: "waterbedrijf" ends in "bedrijf", so
  "het"). A known common noun gets its article, and its first letter is
  lower-cased unless the first word is an abbreviation ("GGZ", "GP");
- a name that is no known common noun is a proper name ("Veilig Thuis",
  "Humanitas"): it stays exactly as written, without an article.
"""

from __future__ import annotations

import re

# Common nouns for organisations and people around the person, by the end of the last word -> article.
# The longest matching ending wins; "" means the noun goes without an article (English mass nouns).
_NOUNS: dict[str, dict[str, str]] = {
    "nl": {
        "team": "het", "bedrijf": "het", "loket": "het", "centrum": "het", "bureau": "het", "buurthuis": "het",
        "huis": "het", "werk": "het", "uwv": "het", "cjg": "het", "ziekenhuis": "het", "college": "het",
        "dienst": "de", "politie": "de", "ggz": "de", "corporatie": "de", "arts": "de", "school": "de",
        "bescherming": "de", "verlening": "de", "gemeente": "de", "buurman": "de", "buurvrouw": "de",
        "werkgever": "de", "verhuurder": "de", "zorg": "de", "reclassering": "de", "deurwaarder": "de",
        "leverancier": "de", "vereniging": "de", "coach": "de", "begeleider": "de", "instelling": "de",
        "wijkagent": "de", "agent": "de", "kerk": "de", "moskee": "de", "bank": "de",
    },
    "en": {
        "services": "", "service": "the", "police": "the", "team": "the", "gp": "the", "school": "the",
        "company": "the", "corporation": "the", "council": "the", "municipality": "the", "neighbour": "the",
        "landlord": "the", "employer": "the", "bailiff": "the", "supplier": "the", "officer": "the",
        "agency": "the", "association": "the", "centre": "the", "office": "the", "hospital": "the",
        "doctor": "the", "coach": "the", "church": "the", "mosque": "the", "bank": "the",
        "care": "", "protection": "", "counselling": "", "probation": "",
    },
}
_ARTICLES = {"nl": ("de", "het"), "en": ("the",)}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _article(name: str, lang: str) -> str | None:
    """The article of a known common noun ('' for one said without), or None for a proper name."""
    words = _WORD.findall(name)
    if not words:
        return None
    last = words[-1].lower()
    nouns = _NOUNS.get(lang, {})
    ending = max((e for e in nouns if last.endswith(e)), key=len, default=None)
    return None if ending is None else nouns[ending]


def _is_abbreviation(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _proper(name: str) -> bool:
    """A later word with a capital ('Veilig Thuis', 'Leger des Heils') makes a proper name; abbreviations do not."""
    return any(w[:1].isupper() and not _is_abbreviation(w) for w in _WORD.findall(name)[1:])


def in_sentence(name: str, lang: str) -> str:
    """An agency's name as it stands inside a sentence: 'Sociale dienst' -> 'de sociale dienst', 'GGZ' -> 'de GGZ'."""
    name = name.strip()
    first, _, rest = name.partition(" ")
    if rest and first.lower() in _ARTICLES.get(lang, ()):
        return f"{first.lower()} {rest}"
    article = None if _proper(name) else _article(name, lang)
    if article is None:
        return name
    return f"{article} {_lower_first(name)}" if article else _lower_first(name)


def _lower_first(name: str) -> str:
    """'Sociale dienst' -> 'sociale dienst'; an abbreviation ('GGZ', 'GP') keeps its capitals."""
    first = name.partition(" ")[0]
    return name if _is_abbreviation(first) else name[:1].lower() + name[1:]


def sentence(text: str) -> str:
    """A sentence begins with a capital, whatever a placeholder put first ('de sociale dienst speelt …')."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def team_in_sentence(team: str | None, agency_name: str, lang: str) -> str:
    """A team's own name with its organisation ('Team Noord (sociale dienst)'), or the organisation alone."""
    if not team or team.strip() == agency_name:
        return in_sentence(agency_name, lang)
    common = not _proper(agency_name) and _article(agency_name, lang) is not None
    label = _lower_first(agency_name) if common else agency_name
    return f"{team.strip()} ({label})"
