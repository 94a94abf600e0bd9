"""Opt-in cloud models: providers, policy, consent, the metered backend."""
