"""The board's parts: where things lie (`layout`), the focal point (`focal`: the person, the stress meter,
the triangle, the rule for stabiel), the views shown on demand (`views`: the hand, stressors, teams, log,
story), the score in words (`score`) and the facilitator's pacing (`pacing`: pause, timer, clicker keys,
black and frozen screen). The scene that ties them together is `sim.ui.scenes.board`."""
