"""`assistant serve` and `assistant mcp`: the assistant over HTTP (OpenAI-compatible, JSON, MCP)."""
