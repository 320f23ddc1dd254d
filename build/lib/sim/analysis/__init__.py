"""Headless play: batches of AI games, statistics, the balance report, charts."""
