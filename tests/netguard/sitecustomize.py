"""Run at start-up by every Python process a test starts: the network guard."""

import netguard

netguard.install()
