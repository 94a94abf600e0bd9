"""Hisho's Qt widgets. They show data and emit signals; they never run engine work.

From the engine, ui/ imports only the plain data types in ``engine.types``.
"""
