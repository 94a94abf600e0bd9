"""The composition root: CLI, QApplication, workers and controllers that wire
engine to ui."""
