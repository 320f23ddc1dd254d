"""The board's windows: a card opened large and whole, a joint card's question to its partners,
a team's own dossier, and the facilitator's event list, adjustment and note.

`CardWindows` is mixed into `BoardScene`; every window is kept in the scene's `DialogSet`, so all of
them close when the board is left.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from sim.core import engine
from sim.core.engine import ADJUSTABLE
from sim.core.model import LEGS
from sim.core.state import PlayCard
from sim.i18n import describe, reason_text
from sim.ui.board.layout import ROOM
from sim.ui.dialogs import AdjustDialog, DialogSet, InjectDialog, NoteDialog, TextDialog, message
from sim.ui.i18n import language, tr
from sim.ui.scene import Context
from sim.ui.session import Session

CARD_SIZE = (1400, 860)  # a card opened: large, and whole without scrolling


class CardWindows:
    """Card detail, joint question, dossier and the facilitator's dialogs (mixed into BoardScene)."""

    ctx: Context
    session: Session
    dialogs: DialogSet
    selected: tuple[str, str] | None
    planning: str | None
    confirm_card: tuple[str, str] | None

    if TYPE_CHECKING:
        def act(self, fn: Any, *args: Any) -> bool: ...

    def card_html(self, agency: str, card_id: str) -> str:
        """A card in words: type, cost, partners, text, conditions, effects, rule and why not now."""
        s = self.session
        sc = s.scenario
        lang = language()
        card = sc.card_by_id[card_id]
        parts = [f"<b>{tr('card.type')}:</b> {tr('type.' + card.type.value)} — {html.escape(s.team_name(card.agency))}"]
        cost = engine.card_cost(sc, s.state, card)
        parts.append(f"<b>{tr('card.cost')}:</b> {tr('card.cost_value', cost=cost)}"
                     + (f", {tr('card.mandate_value', n=card.mandate)}" if card.mandate else "")
                     + f" <i>({tr('card.pips')})</i>")
        if card.partners:
            names = ", ".join(html.escape(s.team_name(p)) for p in card.partners)
            parts.append(f"<b>{tr('card.partners')}:</b> {names} ({tr('card.cost_value', cost=card.partner_cost)})")
        parts.append("<br>" + html.escape(card.text.get(lang)))
        if card.conditions:
            parts.append(f"<br><b>{tr('card.conditions')}:</b> "
                         + "; ".join(html.escape(describe.condition(sc, c, lang, card.agency, s.state.known)) for c in card.conditions))
        if card.effects:
            parts.append(f"<b>{tr('card.effects')}:</b> " + "; ".join(html.escape(self._effect_text(c, card.agency)) for c in card.effects))
        if card.modifiers:
            dur = tr("card.rest_of_game") if card.duration is None else tr("card.rounds", n=card.duration)
            parts.append(f"<b>{tr('card.rule')} ({dur}):</b> " + "; ".join(html.escape(describe.modifier(sc, mm, lang)) for mm in card.modifiers))
        if self.planning is not None:
            parts.append(f"<br><font color='#A02800'><b>{html.escape(tr('uiboard.not_your_turn', team=s.team_name(self.planning)))}</b></font>")
        else:
            reason = s.why_not(PlayCard(agency, card_id))
            if reason is not None:
                parts.append(f"<br><font color='#A02800'><b>{tr('card.not_now')}:</b> "
                             f"{html.escape(reason_text(reason, lang, sc, s.state.known))}</font>")
        return f"<font pixel_size={ROOM}>" + "<br>".join(parts) + "</font>"  # read by the room: body size

    def open_detail(self, agency: str, card_id: str) -> None:
        """Show a card large and whole, with a Play button (none in the planning view: it is not that team's turn)."""
        self.close_detail()
        s = self.session
        card = s.scenario.card_by_id[card_id]
        self.selected = (agency, card_id)
        playable = self.planning is None and s.why_not(PlayCard(agency, card_id)) is None
        self.dialogs.show("card", TextDialog(
            self.ctx.manager, "card", card.title.get(language()), self.card_html(agency, card_id), CARD_SIZE,
            action=None if self.planning is not None else tr("card.play"), value=(agency, card_id), enabled=playable,
            center=(960, 590), object_id="#card_detail"))
        self.ctx.redraw()

    def _effect_text(self, eff: Any, actor: str | None = None) -> str:
        """An effect in words; hidden stressors stay unnamed until revealed."""
        s = self.session
        target = getattr(eff, "stressor", None)
        if target is not None and not s.state.known[s.scenario.stressor_index[target]]:
            return tr("card.hidden_effect")
        return describe.effect(s.scenario, eff, language(), actor)

    def close_detail(self) -> None:
        """Close the card detail window."""
        self.dialogs.close("card")
        self.ctx.redraw()

    def try_play(self, agency: str, card_id: str) -> None:
        """Play a card; a joint card first shows its partners and asks the teams of people among them to agree."""
        s = self.session
        card = s.scenario.card_by_id[card_id]
        humans = [p for p in card.partners if not s.is_ai(p)]
        if humans and s.why_not(PlayCard(agency, card_id)) is None:
            self.close_detail()
            names = ", ".join(s.team_name(p) for p in humans)
            rect = pygame.Rect(0, 0, 1100, 460)
            rect.center = (960, 540)
            self.confirm_card = (agency, card_id)
            self.dialogs.show("joint", pygame_gui.windows.UIConfirmationDialog(
                rect, tr("joint.question", partners=html.escape(names), card=html.escape(card.title.get(language())), cost=card.partner_cost),
                self.ctx.manager, window_title=tr("joint.title"), action_short_name=tr("joint.agree"),
            ))
            return
        self.act(s.play, agency, card_id)

    def open_inject(self) -> None:
        """Pick any event card of the scenario and bring it in now."""
        if self.dialogs.get("inject") is None:
            lang = language()
            self.dialogs.show("inject", InjectDialog(self.ctx.manager, [(e.title.get(lang), e.id) for e in self.session.scenario.events]))

    def _figure_options(self) -> list[tuple[str, tuple[str, str | None]]]:
        sc = self.session.scenario
        lang = language()
        opts: list[tuple[str, tuple[str, str | None]]] = [(tr("figure.stress"), ("stress", None))]
        opts += [(tr("leg." + leg.value), ("leg", leg.value)) for leg in LEGS]
        st = self.session.state
        opts += [(s.name.get(lang), ("stressor", s.id)) for s, known in zip(sc.stressors, st.known) if known]
        for fig in ("trust", "kpi", "mandate", "capacity"):
            opts += [(tr(f"figure.{fig}", agency=self.session.team_name(a)), (fig, a)) for a in st.in_play]
        assert all(o[1][0] in ADJUSTABLE for o in opts)
        return opts

    def open_adjust(self) -> None:
        """Change a figure by hand, with a reason that goes in the log."""
        if self.dialogs.get("adjust") is None:
            self.dialogs.show("adjust", AdjustDialog(self.ctx.manager, self._figure_options()))

    def open_dossier(self) -> None:
        """The active team's own dossier: its mandate, and what it knows that the others do not (yet)."""
        s = self.session
        st, sc = s.state, s.scenario
        agency = st.active_agency
        if agency is None or self.planning is not None or self.dialogs.get("dossier") is not None:
            return
        lang = language()
        parts = [f"<b>{tr('dossier.mandate')}</b><br>{html.escape(sc.agency(agency).mandate_text.get(lang))}", f"<br><b>{tr('dossier.knows')}</b>"]
        secrets = [x for x, known in zip(sc.stressors, st.known) if not known and agency in x.known_by]
        for x in secrets:
            line = f"• <b>{html.escape(x.name.get(lang))}</b> ({tr('dossier.severity', n=st.severity[sc.stressor_index[x.id]])})"
            if x.description is not None:
                line += f"<br>{html.escape(x.description.get(lang))}"
            parts.append(line)
        parts.append(f"<br><i>{tr('dossier.sharing')}</i>" if secrets else tr("dossier.nothing"))
        self.dialogs.show("dossier", TextDialog(self.ctx.manager, "dossier", tr("dossier.title", team=s.team_name(agency)),
                                                "<br>".join(parts), (1100, 640)))
        self.ctx.redraw()

    def show_message(self, title: str, html_text: str) -> None:
        """A message for the facilitator that stays until it is closed (e.g. after resuming a session)."""
        self.dialogs.show("message", message(self.ctx.manager, title, html_text))
        self.ctx.redraw()

    def open_note(self) -> None:
        """Write down something the group said or did; it goes in the log and the report."""
        if self.dialogs.get("note") is None:
            self.dialogs.show("note", NoteDialog(self.ctx.manager))
