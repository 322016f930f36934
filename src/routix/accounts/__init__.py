"""Accounts: users, password hashes, JWT tokens with rotation, API keys."""
