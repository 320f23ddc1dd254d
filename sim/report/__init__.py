"""The debrief report: an HTML page with charts."""
