"""Controllers: each wires one part of the engine to the widgets that show it."""
