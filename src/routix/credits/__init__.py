"""Credits: the ledger (``credit_transactions``) and plans (issue 6)."""
