"""Chat: conversations, typed messages and the assistant flow of seed 001."""
