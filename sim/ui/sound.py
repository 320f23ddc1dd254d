"""Short tones for the moments, made at runtime with numpy: nothing downloaded, nothing shipped.

`samples(tone, rate)` is the sound as numbers (pure, tested without a mixer):
a few sine notes with a soft attack and decay. `Sounds` plays them through
pygame's mixer when it opens; when it cannot (no sound card, a dummy audio
driver, a locked device) every call quietly does nothing, and the game goes
on. The mute (M, or the button on a moment) is kept for the whole window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# Each tone: (frequency in Hz, start in s, length in s) notes, mixed.
TONES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "event": ((659.3, 0.0, 0.18), (523.3, 0.16, 0.30)),  # a door chime, down a third
    "crossing": ((392.0, 0.0, 0.14), (523.3, 0.12, 0.14), (659.3, 0.24, 0.30)),  # rising: a step out
    "week": ((523.3, 0.0, 0.45), (784.0, 0.0, 0.45)),  # an open fifth: the week closes
    "crisis": ((220.0, 0.0, 0.9), (233.1, 0.0, 0.9), (110.0, 0.0, 0.9)),  # low and rubbing
    "stabiel": ((523.3, 0.0, 0.2), (659.3, 0.18, 0.2), (784.0, 0.36, 0.2), (1046.5, 0.54, 0.5)),  # a major arpeggio
}
VOLUME = 0.25


def samples(tone: str, rate: int = 44100) -> np.ndarray:
    """The tone as 16-bit mono samples (an empty array for an unknown tone)."""
    import numpy as np  # here, not at import: the start screen comes up without numpy

    notes = TONES.get(tone, ())
    if not notes:
        return np.zeros(0, dtype=np.int16)
    length = max(start + dur for _, start, dur in notes)
    out = np.zeros(int(rate * length) + 1, dtype=np.float64)
    for freq, start, dur in notes:
        n = int(rate * dur)
        t = np.arange(n) / rate
        envelope = np.minimum(1.0, t / 0.01) * np.exp(-3.0 * t / dur)  # 10 ms attack, no click; a bell-like decay
        wave = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t)
        i = int(rate * start)
        out[i:i + n] += wave * envelope
    peak = np.max(np.abs(out)) or 1.0
    return (out / peak * VOLUME * 32767).astype(np.int16)


class Sounds:
    """The tones through pygame's mixer, with a mute; silent where the mixer cannot open."""

    def __init__(self) -> None:
        self.muted = False
        self._ready: bool | None = None  # None: not tried yet
        self._cache: dict[str, object] = {}

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns whether it is muted now."""
        self.muted = not self.muted
        if self.muted and self._ready:
            import pygame

            pygame.mixer.stop()
        return self.muted

    def available(self) -> bool:
        """Whether the mixer is open (it is opened on the first call)."""
        if self._ready is None:
            try:
                import pygame

                if not pygame.mixer.get_init():
                    pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=1024)
                self._ready = bool(pygame.mixer.get_init())
            except Exception:  # pygame.error, or no mixer module at all: no sound, the game goes on
                self._ready = False
        return self._ready

    def play(self, tone: str | None) -> bool:
        """Play a tone; False when muted, unknown, or there is no sound to play it on."""
        if tone is None or self.muted or tone not in TONES or not self.available():
            return False
        try:
            sound = self._cache.get(tone)
            if sound is None:
                sound = self._cache[tone] = self._make(tone)
            sound.play()  # type: ignore[attr-defined]
        except Exception:  # a mixer that opened but will not play: stay silent
            return False
        return True

    @staticmethod
    def _make(tone: str) -> object:
        import pygame

        init = pygame.mixer.get_init()
        if init is None:
            raise RuntimeError("the mixer closed")
        freq, _size, channels = init
        import numpy as np

        mono = samples(tone, freq)
        data = mono if channels == 1 else np.repeat(mono[:, None], channels, axis=1)
        return pygame.sndarray.make_sound(np.ascontiguousarray(data))


SOUNDS = Sounds()  # one for the window: the mute holds in every scene
