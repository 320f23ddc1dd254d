"""The scenes of the front end, by name: menu → setup → board → debrief (and replay).

The app makes them through this table and hands each a `Context`; no scene imports the app.
"""

from sim.ui.scenes.board import BoardScene
from sim.ui.scenes.debrief import DebriefScene
from sim.ui.scenes.join import JoinScene
from sim.ui.scenes.moment import MomentScene
from sim.ui.scenes.presenter import PresenterScene
from sim.ui.scenes.replay import ReplayScene
from sim.ui.scenes.start import MenuScene, SetupScene

SCENES = {
    "menu": MenuScene,
    "setup": SetupScene,
    "board": BoardScene,
    "debrief": DebriefScene,
    "presenter": PresenterScene,
    "replay": ReplayScene,
    "moment": MomentScene,
    "join": JoinScene,
}
