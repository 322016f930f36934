"""The administrators' side of the service: the audit log (``audit``) and the admin APIs' logic."""
