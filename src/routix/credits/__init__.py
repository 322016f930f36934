"""Credits: the ledger (``credit_transactions``) and plans (docs/service.md, "Credits")."""
