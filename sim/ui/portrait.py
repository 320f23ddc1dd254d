"""The person as a human being: a face drawn by hand whose expression follows stress.

Not a photo and not clip-art: a head, hair, eyes, brows, mouth, neck and
shoulders made with `pygame.draw`, in colours of the person's own (picked
steadily from the person's name, so Jan always looks like Jan). Four stress
bands change the face and the posture: calm (a smile, open eyes, easy
shoulders), tense (a flat mouth, brows drawn down, shoulders up), distressed
(a frown, wide eyes, worried brows, a bead of sweat, head sunk) and crisis
(eyes shut tight, mouth open, hands at the face). `band(stress)` says which.
"""

from __future__ import annotations

import zlib

import pygame

from sim.i18n import SCREEN, translator
from sim.ui import theme

BANDS = ("calm", "tense", "distressed", "crisis")
SKIN = ((241, 204, 170), (224, 172, 130), (198, 134, 92), (141, 85, 54), (92, 58, 38))
HAIR = ((60, 45, 35), (120, 90, 60), (30, 30, 30), (170, 160, 150), (200, 150, 70))
SHIRT = ((0, 114, 178), (0, 158, 115), (204, 121, 167), (86, 86, 120), (150, 90, 40))
DARK = (40, 30, 30)
WHITE = (255, 255, 255)


def band(stress: float, crisis: float = 100.0) -> str:
    """The stress band of the face: calm below 50, tense below 75, distressed below the crisis level, else crisis."""
    if stress >= crisis:
        return "crisis"
    if stress >= theme.STRESS_ZONES[2][0]:
        return "distressed"
    if stress >= theme.STRESS_ZONES[1][0]:
        return "tense"
    return "calm"


def colours(name: str) -> tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]:
    """The person's skin, hair and shirt colours, always the same for the same name."""
    h = zlib.crc32(name.encode("utf-8"))
    return SKIN[h % len(SKIN)], HAIR[(h // 7) % len(HAIR)], SHIRT[(h // 49) % len(SHIRT)]


def _zone_tint(stress: float) -> tuple[int, int, int]:
    colour = theme.STRESS_ZONES[0][1]
    for lo, c in theme.STRESS_ZONES:
        if stress >= lo:
            colour = c
    return tuple(int(255 - (255 - v) * 0.35) for v in colour)  # type: ignore[return-value]


def _body(surface: pygame.Surface, box: pygame.Rect, b: str, skin, shirt) -> tuple[int, int]:
    """Shoulders and neck; returns the head's centre (posture: shoulders up when tense, head sunk when worse)."""
    s = box.width
    cx = box.centerx
    raise_by = {"calm": 0.0, "tense": 0.05, "distressed": 0.03, "crisis": 0.0}[b]
    sink = {"calm": 0.0, "tense": 0.0, "distressed": 0.05, "crisis": 0.09}[b]
    top = box.y + int(s * (0.72 - raise_by))
    torso = pygame.Rect(cx - int(s * 0.40), top, int(s * 0.80), int(s * 0.55))
    pygame.draw.ellipse(surface, shirt, torso)
    neck = pygame.Rect(cx - int(s * 0.07), box.y + int(s * (0.55 + sink)), int(s * 0.14), int(s * 0.22))
    pygame.draw.rect(surface, skin, neck)
    pygame.draw.polygon(surface, skin, [(cx - int(s * 0.09), top + 2), (cx + int(s * 0.09), top + 2), (cx, top + int(s * 0.09))])
    return cx, box.y + int(s * (0.40 + sink))


def _head(surface: pygame.Surface, centre: tuple[int, int], s: int, skin, hair) -> pygame.Rect:
    cx, cy = centre
    head = pygame.Rect(0, 0, int(s * 0.42), int(s * 0.50))
    head.center = (cx, cy)
    pygame.draw.ellipse(surface, hair, head.inflate(int(s * 0.04), int(s * 0.04)).move(0, -int(s * 0.02)))
    for side in (-1, 1):  # ears
        pygame.draw.ellipse(surface, skin, (cx + side * int(s * 0.21) - int(s * 0.035), cy - int(s * 0.04), int(s * 0.07), int(s * 0.11)))
    face = head.copy()
    face.height = int(head.height * 0.86)
    face.bottom = head.bottom
    pygame.draw.ellipse(surface, skin, face)
    pygame.draw.ellipse(surface, DARK, face, max(1, s // 150))  # the outline keeps a light face off a light ground
    return head


def _eyes(surface: pygame.Surface, head: pygame.Rect, b: str, s: int) -> None:
    cy = head.y + int(head.height * 0.48)
    w = max(2, s // 90)
    for side in (-1, 1):
        ex = head.centerx + side * int(head.width * 0.22)
        if b == "crisis":  # squeezed shut
            tip = (ex - side * int(s * 0.03), cy)  # "> <": pointing at the nose
            for dy in (-1, 1):
                pygame.draw.line(surface, DARK, (ex + side * int(s * 0.035), cy + dy * int(s * 0.022)), tip, w + 1)
            pygame.draw.line(surface, (80, 150, 220), (ex + side * int(s * 0.01), cy + int(s * 0.02)), (ex + side * int(s * 0.02), cy + int(s * 0.08)), w + 1)
            continue
        height = {"calm": 0.055, "tense": 0.032, "distressed": 0.075}[b]
        eye = pygame.Rect(0, 0, int(s * 0.085), int(s * height))
        eye.center = (ex, cy)
        pygame.draw.ellipse(surface, WHITE, eye)
        pupil = max(2, int(s * (0.018 if b == "distressed" else 0.024)))
        pygame.draw.circle(surface, DARK, eye.center, pupil)
        pygame.draw.ellipse(surface, DARK, eye, max(1, w // 2))


def _brows(surface: pygame.Surface, head: pygame.Rect, b: str, s: int, hair) -> None:
    y = head.y + int(head.height * 0.36)
    w = max(3, s // 45)
    # (inner end, outer end) heights: negative is up
    inner, outer = {"calm": (-0.01, -0.02), "tense": (0.02, -0.02), "distressed": (-0.045, 0.0), "crisis": (-0.06, 0.015)}[b]
    for side in (-1, 1):
        x_in = head.centerx + side * int(head.width * 0.08)
        x_out = head.centerx + side * int(head.width * 0.36)
        pygame.draw.line(surface, hair, (x_in, y + int(s * inner)), (x_out, y + int(s * outer)), w)
    if b in ("tense", "crisis"):  # a furrow between the brows
        pygame.draw.line(surface, DARK, (head.centerx, y - int(s * 0.005)), (head.centerx, y + int(s * 0.03)), max(1, w // 3))


def _mouth(surface: pygame.Surface, head: pygame.Rect, b: str, s: int) -> None:
    cx = head.centerx
    y = head.y + int(head.height * 0.76)
    w = max(3, s // 60)
    half = int(s * 0.075)
    if b == "calm":
        pygame.draw.arc(surface, DARK, (cx - half, y - int(s * 0.06), 2 * half, int(s * 0.08)), 3.5, 5.9, w)
    elif b == "tense":
        pygame.draw.line(surface, DARK, (cx - half, y), (cx + half, y), w)
    elif b == "distressed":
        pygame.draw.arc(surface, DARK, (cx - half, y - int(s * 0.005), 2 * half, int(s * 0.07)), 0.4, 2.75, w)
    else:
        pygame.draw.ellipse(surface, DARK, (cx - int(half * 0.6), y - int(s * 0.03), int(half * 1.2), int(s * 0.07)))


def _extras(surface: pygame.Surface, head: pygame.Rect, b: str, s: int, skin) -> None:
    if b == "distressed":  # a bead of sweat at the temple
        x, y = head.right - int(head.width * 0.12), head.y + int(head.height * 0.30)
        pygame.draw.polygon(surface, (86, 180, 233), [(x, y), (x - int(s * 0.02), y + int(s * 0.045)), (x + int(s * 0.02), y + int(s * 0.045))])
        pygame.draw.circle(surface, (86, 180, 233), (x, y + int(s * 0.047)), int(s * 0.02))
    if b == "crisis":  # hands at the face and strain marks around the head
        for side in (-1, 1):
            hand = pygame.Rect(0, 0, int(s * 0.13), int(s * 0.17))
            hand.center = (head.centerx + side * int(head.width * 0.40), head.y + int(head.height * 0.88))
            pygame.draw.ellipse(surface, skin, hand)
            pygame.draw.ellipse(surface, DARK, hand, max(1, s // 150))
            for k in range(3):
                x0 = head.centerx + side * int(head.width * (0.62 + 0.06 * k))
                y0 = head.y + int(head.height * (0.05 + 0.12 * k))
                pygame.draw.line(surface, theme.WARN, (x0, y0), (x0 + side * int(s * 0.05), y0 - int(s * 0.03)), max(2, s // 80))


def draw_portrait(surface: pygame.Surface, rect: pygame.Rect, stress: float, lang: str = "nl", name: str = "",
                  crisis: float = 100.0, caption: bool = True) -> str:
    """Draw the person's face for `stress` inside `rect` (with the band in words under it); returns the band."""
    b = band(stress, crisis)
    skin, hair, shirt = colours(name)
    text_h = max(24, rect.height // 9) if caption else 0
    side = min(rect.width, rect.height - text_h)
    box = pygame.Rect(0, 0, side, side)
    box.midtop = (rect.centerx, rect.y)
    pygame.draw.rect(surface, _zone_tint(stress), box, border_radius=max(4, side // 12))
    clip = surface.get_clip()
    surface.set_clip(box.clip(clip) if clip else box)
    centre = _body(surface, box, b, skin, shirt)
    head = _head(surface, centre, side, skin, hair)
    _eyes(surface, head, b, side)
    _brows(surface, head, b, side, hair)
    _mouth(surface, head, b, side)
    _extras(surface, head, b, side, skin)
    surface.set_clip(clip)
    if caption:
        words = translator(lang).p(SCREEN, "portrait." + b)
        theme.draw_text(surface, words, pygame.Rect(rect.x, box.bottom + 4, rect.width, text_h), max(22, text_h - 8),
                        theme.INK, bold=True, align="center", max_lines=1)
    return b
