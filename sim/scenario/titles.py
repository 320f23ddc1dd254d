"""A scenario's title made from its file name, as Dutch writes it ("mevrouw-de-wit" → "Mevrouw de Wit").

Dutch titles are in sentence case ("Jan in de portiek", "Vader en zoon"). A
person's name is not: after a form of address (mevrouw, meneer, familie...) the
surname has a capital while the *tussenvoegsels* in the middle (de, van, der,
ter, 't...) stay lower-case: "Mevrouw de Wit", "Meneer van der Berg". A word that
starts with the digraph ij capitalises both letters ("IJsbrand").
"""

from __future__ import annotations

ADDRESS = frozenset({
    "mevrouw", "meneer", "mijnheer", "heer", "juffrouw", "familie", "fam", "mw", "dhr", "mevr",
    "dokter", "tante", "oom", "opa", "oma",
})
"""Words that start a person's name: what follows is a name, surname capitalised."""

TUSSENVOEGSELS = frozenset({
    "de", "den", "der", "van", "von", "het", "'t", "t", "te", "ten", "ter", "in", "op", "aan", "bij", "onder",
    "uit", "voor", "over", "la", "le", "du", "da", "di", "dos", "das", "del",
})
"""The small words inside a Dutch (or Dutch-written) surname that stay lower-case mid-name."""


def capitalise(word: str) -> str:
    """The word with a capital: 'wit' → 'Wit', 'ijsbrand' → 'IJsbrand', "'t" stays "'t"."""
    if word.startswith("ij"):
        return "IJ" + word[2:]
    return word[:1].upper() + word[1:]


def title_from_id(scenario_id: str) -> str:
    """The title a new scenario gets from its id: sentence case, or a name after a form of address."""
    words = [("'t" if w == "t" else w) for w in scenario_id.replace("_", "-").split("-") if w]
    if not words:
        return scenario_id
    out = [capitalise(words[0])]
    is_name = words[0] in ADDRESS
    for i, word in enumerate(words[1:], 1):
        if is_name and (word not in TUSSENVOEGSELS or i == len(words) - 1):
            out.append(capitalise(word))  # the surname and first names; a last word is always the surname
        else:
            out.append(word)
    return " ".join(out)


__all__ = ["ADDRESS", "TUSSENVOEGSELS", "capitalise", "title_from_id"]
