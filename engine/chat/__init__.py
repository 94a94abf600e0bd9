"""The turn lifecycle and what a turn needs: grounded answers, context fitting, chat
templates, reply language."""
