"""Where the board's parts lie on the logical 1920×1080 surface (scaled as a whole to any window).

The left column is the focal point the room reads from the back: the person, the stress meter, the
stability triangle and the rule for stabiel. The right column says whose turn it is and what just
happened, above one view chosen on demand (the hand, the stressors, the teams, the log, the story).
"""

from __future__ import annotations

import pygame

from sim.ui import theme

W, H = theme.LOGICAL_SIZE
TOP = 100  # the bar: week, phase, timer and the facilitator's buttons
PAD = theme.PAD

LEFT = pygame.Rect(PAD, TOP + 8, 760, H - TOP - 8 - PAD)
PERSON = pygame.Rect(LEFT.x, LEFT.y, LEFT.width, 172)
METER = pygame.Rect(LEFT.x, PERSON.bottom + 10, LEFT.width, 168)
TRIANGLE = pygame.Rect(LEFT.x, METER.bottom + 10, LEFT.width, 300)
SCORE = pygame.Rect(LEFT.x, TRIANGLE.bottom + 10, LEFT.width, LEFT.bottom - TRIANGLE.bottom - 10)
PORTRAIT = pygame.Rect(PERSON.x + 12, PERSON.y + 12, PERSON.height - 24, PERSON.height - 24)

RIGHT = pygame.Rect(LEFT.right + PAD, TOP + 8, W - LEFT.right - 2 * PAD, H - TOP - 8 - PAD)
BANNER = pygame.Rect(RIGHT.x, RIGHT.y, RIGHT.width, 112)
LAST = pygame.Rect(RIGHT.x, BANNER.bottom + 8, RIGHT.width, 64)
TABS_Y = LAST.bottom + 10
TAB_H = 56
BOTTOM_H = 96  # the row under the view: the dossier button and the big next-step button
VIEW = pygame.Rect(RIGHT.x, TABS_Y + TAB_H + 10, RIGHT.width, RIGHT.bottom - BOTTOM_H - 12 - (TABS_Y + TAB_H + 10))
BOTTOM = pygame.Rect(RIGHT.x, RIGHT.bottom - BOTTOM_H, RIGHT.width, BOTTOM_H)
PRIMARY = pygame.Rect(BOTTOM.right - 560, BOTTOM.y, 560, BOTTOM_H)
PLAN_NOTE = pygame.Rect(BOTTOM.x, BOTTOM.y, BOTTOM.width - PRIMARY.width - 20, BOTTOM_H)  # where the dossier button is in a team's own turn

# The hand: a row of team badges to choose whose cards to look at, then the cards.
CHOOSER_H = 60
CARD_COLS, CARD_ROWS, CARD_GAP = 2, 3, 14  # tiles wide enough for every shipped title in two lines at ROOM size
HAND = pygame.Rect(VIEW.x, VIEW.y + CHOOSER_H + 10, VIEW.width, VIEW.height - CHOOSER_H - 10)
CODE_BTN = pygame.Rect(HAND.x + 60, HAND.centery - 80, HAND.width - 120, 160)  # companion mode: where the hand was
PAGE = CARD_COLS * CARD_ROWS  # cards on a page; a bigger hand shows PAGE - 1 and a tile that turns the page

ROOM = theme.BODY  # the smallest type the room reads at 1920×1080 (36)
BIG = theme.BODY + 8  # whose turn it is, the week, the person's name: between LARGE and HEADING, to fit one line
HUGE = theme.TITLE  # the stress number
DETAIL = 30  # details shown on demand, read up close or when asked for

# Backwards names (tests and the screenshots still use them).
CENTRE = RIGHT
