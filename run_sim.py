#!/usr/bin/env python3
"""Stabiel's command line: validate, simulate, replay and play. See `python run_sim.py --help`."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
