"""The expert's per-card tables (bit masks, exposures, scores kept per decision) give its direct reading's answers.

`Stakes.covers` and `Stakes.exposed_by` read an observation directly; the
expert works from masks made once per scenario. At every decision of real
expert games (every shipped scenario and the test scenario with every kind),
the masks must give the same counts and the same prices, to the last bit, and
the expert must choose what the direct reading below chooses, from the same
draw of the generator.
"""

from __future__ import annotations

import copy

import pytest
from conftest import FIXTURES, SCENARIOS

from sim.agents.coordinate import COVER_BONUS, SHARE_VALUE, ExpertPolicy, _own_pass, exposed_price
from sim.agents.simple import _score_reduction
from sim.analysis.batch import game_seeds, play_game
from sim.core.legal import share_terms
from sim.core.model import CardType
from sim.core.state import Pass, Phase, PlayCard, Share

PATHS = [*SCENARIOS, FIXTURES / "mini.yaml"]


def direct_score(expert, card, obs) -> float:
    """The expert's score as its docstrings define it, straight from the observation."""
    value = _score_reduction(card) + expert.TYPE_BONUS[card.type]
    value += COVER_BONUS * expert.stakes.covers(card, obs)
    if card.is_boundary:
        value -= expert.stakes.exposed(card, obs)
    if card.mandate:
        value -= 0.5 * card.mandate
    return value


def direct_crowds_out(expert, rule, obs) -> bool:
    sc = expert.scenario
    left = obs.capacity[sc.agency_index[rule.agency]] - rule.cost
    value = direct_score(expert, rule, obs)
    for card in sc.cards:
        if card.agency != rule.agency or card.type in (CardType.RULE, CardType.IN_SYSTEM) or card.id == rule.id:
            continue
        if card.max_plays and obs.plays.get(card.id, 0) >= card.max_plays:
            continue
        if card.cost > left and direct_score(expert, card, obs) > value:
            return True
    return False


def direct_share_score(expert, share, obs) -> float:
    if not expert.secrets.matters(share):
        return 0.0
    terms = share_terms(expert.scenario, share.agency)
    severity = dict(obs.stressors).get(share.stressor, 0)
    return SHARE_VALUE + severity - expert.stakes.exposed_by(terms.effects, obs) - 0.5 * terms.mandate - 0.5 * terms.cost


def direct_choose(expert, obs, legal, rng):
    best, best_score = [], 0.0
    for action in legal:
        if isinstance(action, Share):
            s = direct_share_score(expert, action, obs)
        elif isinstance(action, PlayCard):
            card = expert.scenario.card_by_id[action.card]
            if obs.phase is Phase.OVERLEG and not expert.stakes.covers(card, obs) and (
                    card.type is not CardType.RULE or direct_crowds_out(expert, card, obs)):
                continue
            s = direct_score(expert, card, obs)
        else:
            continue
        if s > best_score + 1e-9:
            best, best_score = [action], s
        elif best and abs(s - best_score) <= 1e-9:
            best.append(action)
    return best[int(rng.random() * len(best))] if best else _own_pass(legal)


class Checking:
    """The expert in a seat, each decision held against the direct reading (and counted)."""

    name = "expert"
    plays_overleg = True

    def __init__(self, expert: ExpertPolicy, seen: dict[str, int]):
        self.expert, self.seen = expert, seen

    def choose(self, obs, legal, rng):
        expert, stakes = self.expert, self.expert.stakes
        uncovered = stakes.uncovered(obs)
        for card in expert.scenario.cards:
            c = expert.cards[card.id]
            assert (c.cover & uncovered).bit_count() == stakes.covers(card, obs), card.id
            assert exposed_price(stakes.exposure(card.effects), uncovered) == stakes.exposed(card, obs), card.id
            assert expert.score(card, obs) == direct_score(expert, card, obs), card.id
            if card.type is CardType.RULE:
                assert expert.crowds_out(card, obs) == direct_crowds_out(expert, card, obs), card.id
        for action in legal:
            if isinstance(action, Share):
                assert expert.share_score(action, obs) == direct_share_score(expert, action, obs)
                self.seen["shares"] += 1
        twin = copy.deepcopy(rng)
        chosen = expert.choose(obs, legal, rng)
        assert chosen == direct_choose(expert, obs, legal, twin)
        assert rng.bit_generator.state == twin.bit_generator.state, "the same draws"
        self.seen["decisions"] += 1
        self.seen["cards"] += not isinstance(chosen, Pass)
        self.seen["covered"] += bool(uncovered != stakes._all)
        return chosen


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_the_experts_tables_choose_as_its_direct_reading(path):
    from sim.scenario.loader import load_scenario

    sc = load_scenario(path).scenario
    seen = {"decisions": 0, "cards": 0, "shares": 0, "covered": 0}
    seat = Checking(ExpertPolicy(sc), seen)
    policies = {a.id: seat for a in sc.agencies}
    for seed in game_seeds(7, 12):
        play_game(sc, seed, policies, quiet=True)
    assert seen["decisions"] > 100 and seen["cards"] > 20
    if path.stem != "mini":  # the shipped scenarios have accounts to cover, and Jan's covers get agreed
        assert ExpertPolicy(sc).stakes.watched
        assert seen["covered"] > 0


def test_masks_number_the_triggers_in_the_order_covers_visits_them():
    from sim.scenario.loader import load_scenario

    sc = load_scenario(SCENARIOS[0]).scenario
    expert = ExpertPolicy(sc)
    stakes = expert.stakes
    order = [cover for covers in stakes.watched.values() for cover in covers]
    assert stakes._all == (1 << len(order)) - 1
    for card in sc.cards:
        for bit, cost in stakes.exposure(card.effects):
            assert order[bit][2] == cost
    assert any(expert.cards[c.id].cover for c in sc.cards), "some card covers an account"
